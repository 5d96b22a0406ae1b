-- Per-repository webhook rate limits (src/http/rate-limit.ts). This is the table rate-limiter-flexible's
-- RateLimiterPostgres would create at start-up; created here instead, because several processes starting
-- together would race on that CREATE TABLE. The library inserts by position: keep the column order.
-- UNLOGGED: a count lost in a crash only lets one window through unlimited, and every webhook writes here,
-- so it skips the WAL flush on each one.
CREATE UNLOGGED TABLE IF NOT EXISTS webhook_rate_limits (
  key     varchar(255) PRIMARY KEY,   -- '<limiter prefix>:<repository id>'
  points  integer NOT NULL DEFAULT 0, -- events counted in the current window
  expire  bigint                      -- end of the window, ms since the epoch; the library deletes rows an hour past it
);

-- ai_cache rows are pruned by when they were last used (src/ai/cache/prune.ts). Existing rows count as used
-- now: that keeps this migration instant (no table rewrite) and gives them one full retention period.
ALTER TABLE ai_cache ADD COLUMN IF NOT EXISTS last_used_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS ai_cache_last_used_idx ON ai_cache (last_used_at);
