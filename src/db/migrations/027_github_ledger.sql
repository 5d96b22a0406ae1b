-- The ledger: every label, type, comment, assignment and state change on a GitHub issue that Triageflow
-- made (or, in a dry run, would have made), with the part of Triageflow and the triage that caused it,
-- and the edits people made to the same things, as their webhooks reported them. Who last put a value
-- on an issue decides whether Triageflow may take it off: only what it put there itself.
CREATE TABLE IF NOT EXISTS github_ledger (
  id             bigserial PRIMARY KEY,
  repo_id        bigint NOT NULL,
  number         integer NOT NULL,
  -- 'label', 'type', 'comment', 'assignee', 'state'
  kind           text NOT NULL,
  -- The label or type name, the comment id, the login, the state ('closed:duplicate', 'open').
  value          text NOT NULL,
  -- 'added' or 'removed'
  action         text NOT NULL,
  by_triageflow  boolean NOT NULL,
  -- The person's login (null for Triageflow's own entries, and for a person GitHub did not name).
  actor          text,
  -- Which part of Triageflow wrote it ('triage', 'duplicate', ...): each part takes off only its own.
  feature        text,
  -- Why: 'classification', 'correction', 'approval', 'review-timeout', 'duplicate-deadline', or
  -- 'github' for a person's edit; cause_ref names the delivery or correction.
  cause          text NOT NULL,
  cause_ref      text,
  -- The triage the write was derived from (category, priority, duplicateOf, confidence, model).
  triage         jsonb,
  dry_run        boolean NOT NULL DEFAULT false,
  -- The webhook delivery that reported a person's edit: a redelivery records nothing twice.
  delivery_id    text,
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS github_ledger_issue_idx ON github_ledger (repo_id, number, id);
CREATE UNIQUE INDEX IF NOT EXISTS github_ledger_delivery_idx ON github_ledger (delivery_id, kind, lower(value)) WHERE delivery_id IS NOT NULL;

-- The labels people removed were kept in a table of their own; they are the ledger's from now on.
INSERT INTO github_ledger (repo_id, number, kind, value, action, by_triageflow, actor, cause, at)
  SELECT repo_id, number, 'label', label, 'removed', false, removed_by, 'github', removed_at FROM github_removed_labels;

-- What a write-back took off (or would take off) and what it did with the issue type.
ALTER TABLE github_write_back ADD COLUMN IF NOT EXISTS labels_removed jsonb NOT NULL DEFAULT '[]';
ALTER TABLE github_write_back ADD COLUMN IF NOT EXISTS issue_type jsonb;
