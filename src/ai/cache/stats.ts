import type { Pool } from '../../db/pool';
import type { CacheStats } from '../types';

/** Totals over classifications and embeddings, as every process has counted them. */
export async function readCacheStats(pool: Pool): Promise<CacheStats> {
  const { rows } = await pool.query<{ hits: number; misses: number; calls_saved: number; cost_saved_usd: number }>(
    `SELECT coalesce(sum(hits), 0)::float8 AS hits, coalesce(sum(misses), 0)::float8 AS misses,
            coalesce(sum(calls_saved), 0)::float8 AS calls_saved, coalesce(sum(cost_saved_usd), 0)::float8 AS cost_saved_usd
       FROM ai_cache_stats`,
  );
  const r = rows[0];
  const hits = Number(r?.hits ?? 0);
  const misses = Number(r?.misses ?? 0);
  return {
    hits,
    misses,
    hitRate: hits + misses > 0 ? hits / (hits + misses) : 0,
    callsSaved: Number(r?.calls_saved ?? 0),
    costSavedUsd: Number(r?.cost_saved_usd ?? 0),
  };
}
