import type { Pool } from '../db/pool';
import type { InboxStore, RepoInboxStats } from '../inbox/store';
import { readCacheStats } from '../ai/cache';
import type { CacheStats } from '../ai/types';

export interface DatabaseSnapshot {
  inbox: { pending: number; oldestAgeSeconds: number; parked: number; repos: RepoInboxStats[] };
  classifications: { model: string; cached: boolean; count: number; tokensIn: number; tokensOut: number; costUsd: number }[];
  cache: CacheStats;
  /** Fields corrections changed (a field set to the value it had is not a change). */
  corrections: { field: string; count: number }[];
}

/**
 * What every process has written, read once per scrape: several servers read the same database, so
 * these series are the same on each (aggregate them with max, not sum).
 */
export async function readDatabaseSnapshot(pool: Pool, inbox: InboxStore): Promise<DatabaseSnapshot> {
  const [backlog, repos, classifications, cache, corrections] = await Promise.all([
    inbox.backlog(),
    inbox.repoStats(),
    pool.query<{ model: string; cached: boolean; n: number; tin: number; tout: number; cost: number }>(
      `SELECT model, cached, count(*)::int AS n, coalesce(sum(tokens_in), 0)::float8 AS tin,
              coalesce(sum(tokens_out), 0)::float8 AS tout, coalesce(sum(cost_usd), 0)::float8 AS cost
         FROM classifications GROUP BY model, cached`,
    ),
    readCacheStats(pool),
    pool.query<{ field: string; n: number }>(
      `SELECT a.key AS field, count(*)::int AS n FROM corrections c, jsonb_each(c.after) a
        WHERE (c.before -> a.key) IS DISTINCT FROM a.value GROUP BY a.key`,
    ),
  ]);
  return {
    inbox: { ...backlog, repos },
    classifications: classifications.rows.map((r) => ({ model: r.model, cached: r.cached, count: r.n, tokensIn: Number(r.tin), tokensOut: Number(r.tout), costUsd: Number(r.cost) })),
    cache,
    corrections: corrections.rows.map((r) => ({ field: r.field, count: r.n })),
  };
}
