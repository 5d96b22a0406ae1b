import type { Pool } from '../../db/pool';

export type CacheKind = 'classification' | 'embedding';

export interface CacheEntry {
  value: unknown;
  /** What producing the value cost; a hit saves this much. */
  costUsd: number;
}

export interface CacheCounters {
  hits: number;
  misses: number;
  callsSaved: number;
  costSavedUsd: number;
}

// A hit marks its row used (the pruner deletes by last use) in the same statement, and at most once an hour
// per row, so that hits do not each become a write. SKIP LOCKED: a row another process is touching, writing
// or pruning right now is left to it, so lookups never wait on a lock or deadlock over one.
const GET_AND_TOUCH = `
  WITH hit AS (
    SELECT key, value, cost_usd FROM ai_cache WHERE kind = $1 AND model = $2 AND key = ANY($3::text[])
  ), stale AS (
    SELECT key FROM ai_cache WHERE kind = $1 AND model = $2 AND key = ANY($3::text[]) AND last_used_at < now() - interval '1 hour'
    FOR UPDATE SKIP LOCKED
  ), touched AS (
    UPDATE ai_cache SET last_used_at = now() WHERE kind = $1 AND model = $2 AND key IN (SELECT key FROM stale)
  )
  SELECT key, value, cost_usd FROM hit`;

/** The `ai_cache` and `ai_cache_stats` tables of migration 003 (`last_used_at` from 004). */
export function createCacheTable(pool: Pool) {
  return {
    async getMany(kind: CacheKind, model: string, keys: string[]): Promise<Map<string, CacheEntry>> {
      const found = new Map<string, CacheEntry>();
      if (!keys.length) return found;
      const { rows } = await pool.query<{ key: string; value: unknown; cost_usd: number }>(GET_AND_TOUCH, [kind, model, keys]);
      for (const r of rows) found.set(r.key, { value: r.value, costUsd: Number(r.cost_usd) });
      return found;
    },

    /** Upserts: two processes that computed the same answer both succeed. */
    async putMany(kind: CacheKind, model: string, entries: Map<string, CacheEntry>): Promise<void> {
      if (!entries.size) return;
      const rows = [...entries].map(([key, e]) => ({ key, value: e.value, cost: e.costUsd }));
      await pool.query(
        `INSERT INTO ai_cache (kind, model, key, value, cost_usd)
         SELECT $1, $2, e->>'key', e->'value', (e->>'cost')::double precision FROM jsonb_array_elements($3::jsonb) e
         ON CONFLICT (kind, model, key) DO UPDATE SET value = EXCLUDED.value, cost_usd = EXCLUDED.cost_usd, last_used_at = now()`,
        [kind, model, JSON.stringify(rows)],
      );
    },

    async addCounters(kind: CacheKind, d: CacheCounters): Promise<void> {
      await pool.query(
        `INSERT INTO ai_cache_stats (kind, hits, misses, calls_saved, cost_saved_usd) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (kind) DO UPDATE SET hits = ai_cache_stats.hits + EXCLUDED.hits, misses = ai_cache_stats.misses + EXCLUDED.misses,
           calls_saved = ai_cache_stats.calls_saved + EXCLUDED.calls_saved, cost_saved_usd = ai_cache_stats.cost_saved_usd + EXCLUDED.cost_saved_usd`,
        [kind, d.hits, d.misses, d.callsSaved, d.costSavedUsd],
      );
    },
  };
}

export type CacheTable = ReturnType<typeof createCacheTable>;
