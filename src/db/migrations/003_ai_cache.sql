-- Model results keyed by who answered (classifier or embedder id) and a hash of everything the answer
-- depends on (src/ai/content-hash.ts). Shared by every process, so a restart or another worker hits too.
CREATE TABLE IF NOT EXISTS ai_cache (
  kind        text NOT NULL,              -- 'classification' | 'embedding'
  model       text NOT NULL,              -- classifier.id / embedder.id
  key         text NOT NULL,              -- content hash, sha256 hex
  value       jsonb NOT NULL,
  cost_usd    double precision NOT NULL DEFAULT 0,   -- what the original call cost: a hit saves this much
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, model, key)
);
CREATE INDEX IF NOT EXISTS ai_cache_created_idx ON ai_cache (created_at);

-- Counters rather than a log: every process adds to them and /api/stats reads them in one query.
CREATE TABLE IF NOT EXISTS ai_cache_stats (
  kind            text PRIMARY KEY,
  hits            bigint NOT NULL DEFAULT 0,
  misses          bigint NOT NULL DEFAULT 0,
  calls_saved     bigint NOT NULL DEFAULT 0,
  cost_saved_usd  double precision NOT NULL DEFAULT 0
);
