-- Issue 23: public reads show public repositories only, and a correction id is applied once.

-- Each repository's visibility as the newest delivery said (`repository.private`). An issue whose
-- repository is missing here counts as private: public reads fail closed, and the issues of a database
-- older than this migration show under public read once their repository's next delivery says it is
-- public. `as_of` is the receipt time of the delivery that said it, so a backlog forwarded late cannot
-- make a repository public again.
CREATE TABLE IF NOT EXISTS repositories (
  repo_id    bigint PRIMARY KEY,
  full_name  text NOT NULL,
  private    boolean NOT NULL,
  as_of      timestamptz NOT NULL DEFAULT now()
);

-- The body each Idempotency-Key (or body correctionId) was first sent with, by the correction id it
-- names: the same key with another body is refused (422) instead of silently dropped.
CREATE TABLE IF NOT EXISTS correction_requests (
  correction_id  text PRIMARY KEY,
  body_sha256    text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The workflow run that applied a correction: a later run (the workflow completed and started again)
-- that receives the same correction id again finds it applied by another run and changes nothing.
ALTER TABLE corrections ADD COLUMN IF NOT EXISTS run_id text;
