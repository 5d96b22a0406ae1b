-- Write-back to GitHub: what Triageflow wrote (or, in a dry run, would write) on each issue.
CREATE TABLE IF NOT EXISTS github_write_back (
  repo_id         bigint NOT NULL,
  number          integer NOT NULL,
  -- 'dry-run', 'written', 'up-to-date', 'awaiting-review', 'skipped', 'failed'
  status          text NOT NULL,
  dry_run         boolean NOT NULL,
  -- The labels the triage maps to, and those of them that were (or would be) added.
  labels_wanted   jsonb NOT NULL DEFAULT '[]',
  labels_added    jsonb NOT NULL DEFAULT '[]',
  comment         text,
  comment_posted  boolean NOT NULL DEFAULT false,
  reason          text,
  review_deadline timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, number)
);
CREATE INDEX IF NOT EXISTS github_write_back_review_idx ON github_write_back (updated_at) WHERE status = 'awaiting-review';

-- Managed labels a person removed on GitHub: Triageflow never adds them back to that issue.
CREATE TABLE IF NOT EXISTS github_removed_labels (
  repo_id     bigint NOT NULL,
  number      integer NOT NULL,
  label       text NOT NULL,
  removed_by  text NOT NULL,
  removed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, number, label)
);

-- .github/triageflow.yml as last read, shared by every worker; `stale` is set by a push to the default branch.
CREATE TABLE IF NOT EXISTS github_repo_config (
  repo_full_name  text PRIMARY KEY,
  config          jsonb,
  error           text,
  stale           boolean NOT NULL DEFAULT false,
  fetched_at      timestamptz NOT NULL DEFAULT now()
);

-- Where a correction came from: the dashboard/API, or a person's label edit on GitHub.
ALTER TABLE corrections ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'dashboard';
