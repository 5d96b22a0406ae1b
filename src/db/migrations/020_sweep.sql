-- The reconciliation sweep (issue 22): how far each repository has been reconciled with GitHub, which
-- failed deliveries it asked GitHub to redeliver, and what each run did.

-- High-water marks, in GitHub's own clock: `issues:<repo id>` is the updated_at the issue scan reached,
-- `hook:<repo id>:<hook id>` and `app-hook` the delivered_at reached in a webhook's delivery log.
CREATE TABLE IF NOT EXISTS sweep_marks (
  scope       text PRIMARY KEY,
  mark        timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A failed delivery the sweep asked GitHub to redeliver, keyed by the attempt's own id in the hook's
-- log (every attempt of one event has its own id and shares the event's guid). The row is claimed before
-- the request, so two sweeps at once, or a retried activity, ask GitHub once. `status`: claimed (the
-- request is under way), requested (GitHub accepted it), refused (GitHub said no), queued (the issue was
-- queued from GitHub's current copy instead, after repeated failed redeliveries).
CREATE TABLE IF NOT EXISTS sweep_redeliveries (
  hook              text NOT NULL,
  delivery_id       bigint NOT NULL,
  guid              text NOT NULL,
  event             text NOT NULL,
  repo_id           bigint,
  issue_number      integer,
  issue_updated_at  timestamptz,
  status            text NOT NULL DEFAULT 'claimed',
  detail            text,
  run_id            text NOT NULL,
  claimed_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hook, delivery_id)
);
CREATE INDEX IF NOT EXISTS sweep_redeliveries_guid_idx ON sweep_redeliveries (guid);
CREATE INDEX IF NOT EXISTS sweep_redeliveries_issue_idx ON sweep_redeliveries (repo_id, issue_number);

-- What each sweep did, for /api/stats and the dashboard.
CREATE TABLE IF NOT EXISTS sweep_runs (
  run_id         text PRIMARY KEY,
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz NOT NULL DEFAULT now(),
  repos          integer NOT NULL,
  issues_queued  integer NOT NULL,
  redelivered    integer NOT NULL,
  errors         jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS sweep_runs_finished_idx ON sweep_runs (finished_at DESC);
