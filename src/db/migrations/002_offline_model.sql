-- The offline model's state. Every change (a labelled example or a saved snapshot) takes the next
-- number from offline_model_state.version while holding that row's lock, so numbers follow commit
-- order: a process that has applied everything up to version V has missed nothing below it.

CREATE TABLE IF NOT EXISTS offline_model_state (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  version     bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO offline_model_state (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- Human labels only (imports and corrections), in the order the model learns them.
CREATE TABLE IF NOT EXISTS offline_examples (
  version      bigint PRIMARY KEY,
  -- repo#number when known, else a hash of the text: a retried learn repeating the latest label of
  -- the same issue is recognised and adds nothing.
  issue_key    text NOT NULL,
  example_key  text NOT NULL,
  source       text NOT NULL CHECK (source IN ('import', 'correction')),
  repo         text NOT NULL DEFAULT '',
  number       integer,
  title        text NOT NULL,
  body         text NOT NULL,
  reactions    integer NOT NULL DEFAULT 0,
  category     text CHECK (category IN ('bug', 'feature', 'question', 'documentation', 'other')),
  priority     text CHECK (priority IN ('p0', 'p1', 'p2', 'p3')),
  labels       jsonb NOT NULL DEFAULT '[]',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS offline_examples_issue_idx ON offline_examples (issue_key, version DESC);

-- A snapshot is the classifier after every example up to `covers`; examples after `covers` are
-- replayed on top of it in version order. Only the latest few are kept.
CREATE TABLE IF NOT EXISTS offline_model_snapshots (
  version     bigint PRIMARY KEY,
  covers      bigint NOT NULL,
  model       jsonb NOT NULL,
  report      jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
