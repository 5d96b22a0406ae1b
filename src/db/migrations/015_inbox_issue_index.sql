-- The worker's triage-latency metric looks up an issue's newest processed delivery after every notify;
-- without this index that is a scan of the whole inbox (a week of deliveries by default).
CREATE INDEX IF NOT EXISTS webhook_inbox_issue_processed_idx ON webhook_inbox (repo_id, issue_number, processed_at DESC);
