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

/** The `ai_cache` and `ai_cache_stats` tables of migration 003. */
export function createCacheTable(pool: Pool) {
  return {
    async getMany(kind: CacheKind, model: string, keys: string[]): Promise<Map<string, CacheEntry>> {
      const found = new Map<string, CacheEntry>();
      if (!keys.length) return found;
      const { rows } = await pool.query<{ key: string; value: unknown; cost_usd: number }>(
        'SELECT key, value, cost_usd FROM ai_cache WHERE kind = $1 AND model = $2 AND key = ANY($3::text[])',
        [kind, model, keys],
      );
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
         ON CONFLICT (kind, model, key) DO UPDATE SET value = EXCLUDED.value, cost_usd = EXCLUDED.cost_usd`,
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
