-- Close-as-duplicate (opt-in, duplicates.close in .github/triageflow.yml): at most one countdown per issue,
-- ever. The workflow's timer is the clock; this row is what the dashboard shows and what keeps a
-- countdown from starting twice (after an objection, a close or a reopen).
CREATE TABLE IF NOT EXISTS github_duplicate_close (
  repo_id       bigint NOT NULL,
  number        integer NOT NULL,
  duplicate_of  integer NOT NULL,
  -- 'dry-run' (would count down), 'pending', 'objected', 'cancelled', 'closed', 'reopened', 'failed'
  status        text NOT NULL,
  -- The comment that announced it, on whose reactions an objection is looked for.
  comment_id    bigint,
  deadline      timestamptz,
  reason        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, number)
);
