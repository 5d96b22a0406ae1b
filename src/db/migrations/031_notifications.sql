-- Notifications to the operator's team (the triage assistant): one row per event, keyed by a
-- deterministic id ("security:<repo id>:<number>", "p0:…", "parked:<delivery id>"), so an event is sent
-- once across activity retries, redeliveries and workflow restarts.
CREATE TABLE IF NOT EXISTS notifications (
  event_id        text PRIMARY KEY,
  kind            text NOT NULL,
  repo_full_name  text,
  number          integer,
  -- 'pending' (being sent), 'sent', 'failed' (retries ran out or the receiver refused), 'skipped'
  status          text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  response_status integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX IF NOT EXISTS notifications_recent_idx ON notifications (updated_at DESC);
