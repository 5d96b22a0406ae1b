-- Issue 23: a repository's own webhook secret (`npm run cli -- repo add owner/name`). For such a
-- repository only its own secret is accepted, so an admin of another repository who knows the shared
-- GITHUB_WEBHOOK_SECRET cannot sign deliveries for it.
--
-- Stored encrypted, not hashed: checking X-Hub-Signature-256 means computing an HMAC with the secret
-- itself, which a hash cannot do. AES-256-GCM under WEBHOOK_SECRETS_KEY, which is never in the
-- database, with the repository's name as associated data so a ciphertext cannot be moved to another
-- row: a dump or a backup of the database does not give the secrets away.
CREATE TABLE IF NOT EXISTS repository_webhook_secrets (
  name_key        text PRIMARY KEY,          -- lower(owner/name)
  full_name       text NOT NULL,
  -- Learned from the first delivery its secret verified: from then on the id names it too, renamed or not.
  repo_id         bigint UNIQUE,
  secret_enc      text NOT NULL,
  -- The secret before `repo add --rotate`, accepted until previous_until while GitHub's settings change.
  previous_enc    text,
  previous_until  timestamptz,
  -- The first 12 hex digits of the secret's SHA-256, to tell secrets apart in `repo list` and logs.
  fingerprint     text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  rotated_at      timestamptz
);
