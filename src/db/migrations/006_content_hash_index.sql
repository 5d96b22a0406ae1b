-- Exact dedupe looks up the repository's issues by content hash on every triage.
CREATE INDEX IF NOT EXISTS issues_repo_content_hash ON issues (repo_id, content_hash);
