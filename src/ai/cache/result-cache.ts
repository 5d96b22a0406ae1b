import type { Pool } from '../../db/pool';
import type { Logger } from '../../log';
import { createCacheTable, type CacheCounters, type CacheEntry, type CacheKind } from './cache-table';
import { createLru } from './lru';

export interface ResultCache {
  getMany(kind: CacheKind, model: string, keys: string[]): Promise<Map<string, CacheEntry>>;
  putMany(kind: CacheKind, model: string, entries: Map<string, CacheEntry>): Promise<void>;
  /** Counted in memory and added to the shared counters at most once a second (see flush). */
  count(kind: CacheKind, delta: Partial<CacheCounters>): Promise<void>;
  /** Adds what was counted so far to the shared counters. */
  flush(): Promise<void>;
}

const FLUSH_MS = 1_000;

/**
 * An in-process LRU in front of the shared table. The cache only saves money: when the database
 * fails, a lookup is a miss and a write is skipped, because failing here would make Temporal retry
 * an activity whose paid model call already succeeded. `shared: false` keeps answers in this process
 * only: for the offline model, which answers faster than the table could.
 */
export function createResultCache(deps: { pool: Pool; size: number; log: Logger; shared?: boolean }): ResultCache {
  const shared = deps.shared ?? true;
  const table = createCacheTable(deps.pool);
  const lru = createLru<CacheEntry>(deps.size);
  const pending = new Map<CacheKind, CacheCounters>();
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [kind, delta] of batch) {
      try {
        await table.addCounters(kind, delta);
      } catch (err) {
        deps.log.warn({ err, kind }, 'AI cache counters not updated');
      }
    }
  };
  const lruKey = (kind: CacheKind, model: string, key: string) => `${kind}\u0000${model}\u0000${key}`;

  return {
    async getMany(kind, model, keys) {
      const found = new Map<string, CacheEntry>();
      const rest: string[] = [];
      for (const key of new Set(keys)) {
        const entry = lru.get(lruKey(kind, model, key));
        if (entry) found.set(key, entry);
        else rest.push(key);
      }
      if (!rest.length || !shared) return found;
      try {
        for (const [key, entry] of await table.getMany(kind, model, rest)) {
          lru.set(lruKey(kind, model, key), entry);
          found.set(key, entry);
        }
      } catch (err) {
        deps.log.warn({ err, kind, model }, 'AI cache lookup failed; calling the model instead');
      }
      return found;
    },

    async putMany(kind, model, entries) {
      for (const [key, entry] of entries) lru.set(lruKey(kind, model, key), entry);
      if (!shared) return;
      try {
        await table.putMany(kind, model, entries);
      } catch (err) {
        deps.log.warn({ err, kind, model }, 'AI cache write failed; the result is cached in this process only');
      }
    },

    async count(kind, delta) {
      const sum = pending.get(kind) ?? { hits: 0, misses: 0, callsSaved: 0, costSavedUsd: 0 };
      for (const k of ['hits', 'misses', 'callsSaved', 'costSavedUsd'] as const) sum[k] += delta[k] ?? 0;
      pending.set(kind, sum);
      if (!timer) {
        timer = setTimeout(() => void flush(), FLUSH_MS);
        timer.unref();
      }
    },

    flush,
  };
}
