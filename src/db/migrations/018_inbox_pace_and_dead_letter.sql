-- Issue 22: every signed delivery is accepted; the per-repository budget paces forwarding instead of
-- refusing at the door, poison deliveries are parked, and a replayed body is recognised.

-- The verified body as GitHub sent it, as text: nothing reads it as jsonb, and jsonb refused some bodies
-- GitHub may send (a \u0000 escape) with an error the door took for an outage.
ALTER TABLE webhook_inbox ALTER COLUMN payload TYPE text USING payload::text;

-- SHA-256 of the raw body: the same signed body under a new delivery id is a replay (NULL for rows the
-- sweep and the backfill queue, whose delivery ids are already deterministic).
ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS body_sha256 bytea;
CREATE UNIQUE INDEX IF NOT EXISTS webhook_inbox_body_sha256_idx ON webhook_inbox (body_sha256);

-- The dead letter: a parked row is no longer pending, so it holds back neither its issue nor others.
ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS parked_at timestamptz;
-- The time the repository's pace reserved for forwarding this row (repo_pace); NULL until it had one.
ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS paced_at timestamptz;
-- A signed delivery the door refused as invalid (400): kept parked with the reason, so it is seen and
-- not lost, but never forwarded (retrying cannot make it valid; GitHub's next event for the issue can).
ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS invalid boolean NOT NULL DEFAULT false;
-- How often an operator put the row back after it was parked (`inbox retry`): the workflow handles a
-- retried delivery again even though it has seen its id.
ALTER TABLE webhook_inbox ADD COLUMN IF NOT EXISTS retries integer NOT NULL DEFAULT 0;

DROP INDEX IF EXISTS webhook_inbox_pending_idx;
CREATE INDEX webhook_inbox_pending_idx ON webhook_inbox (id) WHERE forwarded_at IS NULL AND parked_at IS NULL;
DROP INDEX IF EXISTS webhook_inbox_workflow_pending_idx;
CREATE INDEX webhook_inbox_workflow_pending_idx ON webhook_inbox (workflow_id, id) WHERE forwarded_at IS NULL AND parked_at IS NULL;
-- Per-repository pending counts: the door's quota and the stats.
CREATE INDEX IF NOT EXISTS webhook_inbox_repo_pending_idx ON webhook_inbox (repo_id) WHERE forwarded_at IS NULL AND parked_at IS NULL;
CREATE INDEX IF NOT EXISTS webhook_inbox_parked_idx ON webhook_inbox (parked_at) WHERE parked_at IS NOT NULL;

-- Each repository's pace (a generic cell rate algorithm): the theoretical arrival time of its next
-- delivery. One row a repository, updated atomically by whichever forwarder reserves slots.
CREATE TABLE IF NOT EXISTS repo_pace (
  repo_id  bigint PRIMARY KEY,
  tat      timestamptz NOT NULL
);

-- Deliveries refused past INBOX_REPO_QUOTA, per repository, for the stats (the sweep recovers them).
CREATE TABLE IF NOT EXISTS inbox_refusals (
  repo_id          bigint PRIMARY KEY,
  repo_full_name   text NOT NULL,
  refused          bigint NOT NULL DEFAULT 0,
  last_refused_at  timestamptz NOT NULL DEFAULT now()
);

-- The door no longer counts deliveries (the pace does, in repo_pace).
DROP TABLE IF EXISTS webhook_rate_limits;
