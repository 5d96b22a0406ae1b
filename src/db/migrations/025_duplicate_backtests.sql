-- Backtests of the similar-issue search on a repository's own marked duplicates (`triageflow backtest`):
-- the dashboard shows the newest per repository, and `duplicates.threshold: auto` takes its threshold.
CREATE TABLE IF NOT EXISTS duplicate_backtests (
  id              bigserial PRIMARY KEY,
  repo_id         bigint NOT NULL,
  repo_full_name  text NOT NULL,
  ran_at          timestamptz NOT NULL,
  report          jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS duplicate_backtests_newest ON duplicate_backtests (repo_id, ran_at DESC, id DESC);
