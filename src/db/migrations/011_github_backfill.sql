-- Progress of `triageflow backfill` per repository and options: a rerun resumes after the last page done.
CREATE TABLE IF NOT EXISTS github_backfill (
  repo_full_name  text NOT NULL,
  since           text NOT NULL DEFAULT '',
  next_page       integer NOT NULL DEFAULT 1,
  done            boolean NOT NULL DEFAULT false,
  seen            integer NOT NULL DEFAULT 0,
  trained         integer NOT NULL DEFAULT 0,
  queued          integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_full_name, since)
);
