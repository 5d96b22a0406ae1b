import type { Config } from '../../config';
import type { Pool } from '../../db/pool';
import type { Logger } from '../../log';
import { runPeriodically } from '../../support/periodic';

export interface PruneLimits {
  /** Rows unused for this long are deleted. */
  retentionMs: number;
  /** Then the least recently used beyond this many; 0 is no cap. */
  maxRows: number;
}

export interface PruneResult {
  expired: number;
  overflow: number;
}

// Batches keep each statement's locks and WAL small, so a large backlog (the first run after migration
// 004) does not stall the workers' cache writes. SKIP LOCKED: rows being written or touched right now are
// in use anyway, and two processes pruning at once split the work instead of waiting on each other.
// The condition is repeated outside the sub-select so that a row touched meanwhile is rechecked and kept.
const BATCH = 5_000;
const deleteBatch = (condition: string) => `
  DELETE FROM ai_cache WHERE (kind, model, key) IN (
    SELECT kind, model, key FROM ai_cache WHERE ${condition} ORDER BY last_used_at LIMIT $2 FOR UPDATE SKIP LOCKED)
  AND ${condition}`;
const EXPIRED = deleteBatch(`last_used_at < now() - $1::double precision * interval '1 millisecond'`);
// The row at position maxRows + 1, newest first, and everything used no later than it. Rows written by one
// statement share a timestamp, so ties can take the table a little under maxRows, never over.
const BEYOND_MAX_ROWS = deleteBatch(`last_used_at <= (SELECT last_used_at FROM ai_cache ORDER BY last_used_at DESC OFFSET $1 LIMIT 1)`);

async function deleteInBatches(pool: Pool, sql: string, param: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = (await pool.query(sql, [param, BATCH])).rowCount ?? 0;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Deletes shared AI cache rows unused for `retentionMs`, then the least recently used beyond `maxRows`. */
export async function pruneAiCache(pool: Pool, limits: PruneLimits): Promise<PruneResult> {
  const expired = await deleteInBatches(pool, EXPIRED, limits.retentionMs);
  const overflow = limits.maxRows > 0 ? await deleteInBatches(pool, BEYOND_MAX_ROWS, limits.maxRows) : 0;
  return { expired, overflow };
}

const HOUR_MS = 3_600_000;

/**
 * Prunes now and then every `intervalMs` (default hourly) until stopped. A failed run is logged and
 * retried at the next interval: an oversized cache costs disk, not correctness.
 */
export function startAiCachePruner(deps: {
  pool: Pool;
  config: { ai: Pick<Config['ai'], 'cacheRetentionMs' | 'cacheMaxRows'> };
  log: Pick<Logger, 'info' | 'warn'>;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  const { pool, log, intervalMs = HOUR_MS } = deps;
  const limits = { retentionMs: deps.config.ai.cacheRetentionMs, maxRows: deps.config.ai.cacheMaxRows };
  return runPeriodically(async () => {
    try {
      const result = await pruneAiCache(pool, limits);
      if (result.expired || result.overflow) log.info({ ...result, ...limits }, 'AI cache pruned');
    } catch (err) {
      log.warn({ err }, 'AI cache prune failed; trying again at the next interval');
    }
  }, intervalMs);
}
