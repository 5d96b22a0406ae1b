-- Issues, their triage history, corrections and the delivery log.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE IF NOT EXISTS issues (
  id              bigserial PRIMARY KEY,
  repo_id         bigint NOT NULL,
  repo_full_name  text NOT NULL,
  number          integer NOT NULL,
  github_id       bigint,
  workflow_id     text NOT NULL UNIQUE,
  title           text NOT NULL DEFAULT '',
  body            text NOT NULL DEFAULT '',
  author          text,
  url             text,
  state           text NOT NULL DEFAULT 'open',
  status          text NOT NULL DEFAULT 'pending',
  github_labels   jsonb NOT NULL DEFAULT '[]',
  reactions       integer NOT NULL DEFAULT 0,
  content_hash    text,
  category        text,
  priority        text,
  labels          jsonb NOT NULL DEFAULT '[]',
  confidence      real,
  rationale       text,
  duplicate_of    integer,
  similar_issues  jsonb NOT NULL DEFAULT '[]',
  model           text,
  corrected       boolean NOT NULL DEFAULT false,
  invalid_reason  text,
  comments_count  integer NOT NULL DEFAULT 0,
  last_activity_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (repo_id, number)
);
CREATE INDEX IF NOT EXISTS issues_repo_name_idx ON issues (lower(repo_full_name), number);
CREATE INDEX IF NOT EXISTS issues_updated_idx ON issues (updated_at DESC, id DESC);

-- One row per GitHub delivery; processed_at is set in the same transaction that stores its effect,
-- so a redelivered event is recognised even after the workflow has completed.
CREATE TABLE IF NOT EXISTS deliveries (
  delivery_id   text PRIMARY KEY,
  event         text NOT NULL,
  action        text,
  workflow_id   text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz
);

CREATE TABLE IF NOT EXISTS classifications (
  id            bigserial PRIMARY KEY,
  issue_id      bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  content_hash  text NOT NULL,
  delivery_id   text,
  category      text NOT NULL,
  priority      text NOT NULL,
  labels        jsonb NOT NULL DEFAULT '[]',
  confidence    real NOT NULL,
  rationale     text NOT NULL,
  duplicate_of  integer,
  similar_issues jsonb NOT NULL DEFAULT '[]',
  model         text NOT NULL,
  cached        boolean NOT NULL DEFAULT false,
  tokens_in     integer NOT NULL DEFAULT 0,
  tokens_out    integer NOT NULL DEFAULT 0,
  cost_usd      double precision NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- The same text is classified once: redeliveries and retried activities add nothing.
  UNIQUE (issue_id, content_hash)
);

CREATE TABLE IF NOT EXISTS corrections (
  id             bigserial PRIMARY KEY,
  correction_id  text NOT NULL UNIQUE,
  issue_id       bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  actor          text NOT NULL,
  note           text,
  before         jsonb NOT NULL,
  after          jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS corrections_issue_idx ON corrections (issue_id, id);

-- Vectors are keyed by repository and number so they can be written before the issue row settles.
-- The column has no fixed dimension: `embedder` and `dims` say what made each vector, and queries
-- only ever compare vectors of the configured embedder (see db/embeddings.ts).
CREATE TABLE IF NOT EXISTS issue_embeddings (
  repo_id       bigint NOT NULL,
  number        integer NOT NULL,
  embedder      text NOT NULL,
  dims          integer NOT NULL,
  content_hash  text NOT NULL,
  -- The title as embedded: the issue row is written only after classification, and an issue that
  -- arrives meanwhile must still find this one as a near-duplicate.
  title         text NOT NULL DEFAULT '',
  embedding     vector NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, number)
);

-- A broadcast feed from workers to every server process (each relays it to its socket.io clients).
CREATE TABLE IF NOT EXISTS triage_events (
  id          bigserial PRIMARY KEY,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);

-- Labels seen on a repository's issues, with descriptions: the label set a classifier chooses from.
CREATE TABLE IF NOT EXISTS repo_labels (
  repo_id      bigint NOT NULL,
  name         text NOT NULL,
  description  text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, name)
);
