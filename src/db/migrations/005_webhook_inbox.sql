-- The webhook inbox: every accepted GitHub delivery is a row here before it is acknowledged, so a 202
-- is never lost when Temporal is slow or down. A forwarder in each server process signals the issue's
-- workflow and marks the row forwarded; the workflow marks it processed once its effect is stored.
CREATE TABLE IF NOT EXISTS webhook_inbox (
  id                 bigserial PRIMARY KEY,
  -- GitHub's X-GitHub-Delivery; a redelivery finds its row and changes nothing.
  delivery_id        text NOT NULL UNIQUE,
  event              text NOT NULL,
  action             text,
  repo_id            bigint NOT NULL,
  repo_full_name     text NOT NULL,
  issue_number       integer NOT NULL,
  workflow_id        text NOT NULL,
  -- The issue's updated_at as GitHub reported it: the workflow orders and skips events by it.
  github_updated_at  timestamptz,
  payload            jsonb NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now(),
  forwarded_at       timestamptz,
  processed_at       timestamptz,
  -- A claim by one forwarder; another takes the row over once the lease has expired (its process died).
  lease_owner        text,
  lease_until        timestamptz,
  attempts           integer NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL DEFAULT now(),
  last_error         text
);
CREATE INDEX IF NOT EXISTS webhook_inbox_pending_idx ON webhook_inbox (id) WHERE forwarded_at IS NULL;
CREATE INDEX IF NOT EXISTS webhook_inbox_workflow_pending_idx ON webhook_inbox (workflow_id, id) WHERE forwarded_at IS NULL;
CREATE INDEX IF NOT EXISTS webhook_inbox_received_idx ON webhook_inbox (received_at) WHERE forwarded_at IS NOT NULL;

-- The inbox records which deliveries were processed; the old delivery log is folded into it.
DROP TABLE IF EXISTS deliveries;
