import { createCacheTable, type CacheEntry } from '../../../src/ai/cache/cache-table';
import { pruneAiCache, startAiCachePruner } from '../../../src/ai/cache/prune';
import { loadConfig } from '../../../src/config';
import { createPool } from '../../../src/db/pool';
import { startTestDatabase, type TestDatabase } from '../../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db.stop();
});
// Pruning works on the whole table, so every test starts from an empty one.
beforeEach(async () => {
  await db.pool.query('DELETE FROM ai_cache');
});

const DAY = 86_400_000;
const entries = (...keys: string[]) => new Map<string, CacheEntry>(keys.map((k) => [k, { value: { k }, costUsd: 0.001 }]));
const put = (...keys: string[]) => createCacheTable(db.pool).putMany('embedding', 'm', entries(...keys));
/** Pretends a row was last used `days` ago. */
const age = (key: string, days: number) =>
  db.pool.query(`UPDATE ai_cache SET last_used_at = now() - $2::double precision * interval '1 day' WHERE key = $1`, [key, days]);
const keys = async () => (await db.pool.query<{ key: string }>('SELECT key FROM ai_cache ORDER BY key')).rows.map((r) => r.key);
const lastUsed = async (key: string) =>
  (await db.pool.query<{ t: Date }>('SELECT last_used_at AS t FROM ai_cache WHERE key = $1', [key])).rows[0]!.t.getTime();

test('the defaults keep rows 30 days and at most 100000 of them; bad values are named', () => {
  expect(loadConfig({}).ai).toMatchObject({ cacheRetentionMs: 30 * DAY, cacheMaxRows: 100_000 });
  expect(loadConfig({ AI_CACHE_RETENTION: '12h', AI_CACHE_MAX_ROWS: '0' }).ai).toMatchObject({ cacheRetentionMs: DAY / 2, cacheMaxRows: 0 });
  expect(() => loadConfig({ AI_CACHE_RETENTION: '10m' })).toThrow(/AI_CACHE_RETENTION: AI_CACHE_RETENTION must be at least 1h/);
  expect(() => loadConfig({ AI_CACHE_RETENTION: 'forever' })).toThrow(/AI_CACHE_RETENTION must be a duration/);
  expect(() => loadConfig({ AI_CACHE_MAX_ROWS: '-5' })).toThrow(/AI_CACHE_MAX_ROWS must be 0 \(no cap\) or more/);
});

test('rows unused for longer than the retention are deleted, recent ones kept', async () => {
  await put('old', 'older', 'recent');
  await age('old', 31);
  await age('older', 90);
  await age('recent', 29);

  expect(await pruneAiCache(db.pool, { retentionMs: 30 * DAY, maxRows: 0 })).toEqual({ expired: 2, overflow: 0 });
  expect(await keys()).toEqual(['recent']);
});

test('beyond maxRows the least recently used rows go', async () => {
  await put('a', 'b', 'c', 'd', 'e');
  for (const [key, days] of [['a', 5], ['b', 4], ['c', 3], ['d', 2], ['e', 1]] as const) await age(key, days);

  expect(await pruneAiCache(db.pool, { retentionMs: 30 * DAY, maxRows: 3 })).toEqual({ expired: 0, overflow: 2 });
  expect(await keys()).toEqual(['c', 'd', 'e']);
  expect(await pruneAiCache(db.pool, { retentionMs: 30 * DAY, maxRows: 3 })).toEqual({ expired: 0, overflow: 0 });
});

test('a backlog larger than one batch is deleted whole', async () => {
  await db.pool.query(`INSERT INTO ai_cache (kind, model, key, value, last_used_at)
    SELECT 'embedding', 'm', 'bulk-' || i, '{}'::jsonb, now() - interval '40 days' FROM generate_series(1, 12001) i`);
  await put('kept');

  expect(await pruneAiCache(db.pool, { retentionMs: 30 * DAY, maxRows: 0 })).toEqual({ expired: 12_001, overflow: 0 });
  expect(await keys()).toEqual(['kept']);
});

test('a hit marks an old row used, so it survives pruning; a recently used row is not rewritten', async () => {
  await put('used', 'unused', 'fresh');
  await age('used', 31);
  await age('unused', 31);
  const freshBefore = await lastUsed('fresh');

  const found = await createCacheTable(db.pool).getMany('embedding', 'm', ['used', 'fresh', 'missing']);
  expect([...found.keys()].sort()).toEqual(['fresh', 'used']);
  expect(found.get('used')).toEqual({ value: { k: 'used' }, costUsd: 0.001 });
  expect(await lastUsed('fresh')).toBe(freshBefore);

  await pruneAiCache(db.pool, { retentionMs: 30 * DAY, maxRows: 0 });
  expect(await keys()).toEqual(['fresh', 'used']);
});

test('writing an entry again marks it used', async () => {
  await put('rewritten');
  await age('rewritten', 31);
  await put('rewritten');
  expect(await pruneAiCache(db.pool, { retentionMs: 30 * DAY, maxRows: 0 })).toEqual({ expired: 0, overflow: 0 });
});

test('the pruner runs at start and then every interval until stopped', async () => {
  const info = jest.fn();
  const config = loadConfig({ AI_CACHE_RETENTION: '1d', AI_CACHE_MAX_ROWS: '0' });
  await put('first');
  await age('first', 2);
  const pruner = startAiCachePruner({ pool: db.pool, config, log: { info, warn: jest.fn() }, intervalMs: 20 });
  try {
    await waitFor(async () => (await keys()).length === 0);
    await put('second');
    await age('second', 2);
    await waitFor(async () => (await keys()).length === 0);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ expired: 1, overflow: 0 }), 'AI cache pruned');
  } finally {
    await pruner.stop();
  }
  await put('after-stop');
  await age('after-stop', 2);
  await new Promise((r) => setTimeout(r, 100));
  expect(await keys()).toEqual(['after-stop']);
});

test('a failing run is logged, not thrown, and the pruner keeps going', async () => {
  const deadPool = createPool('postgres://postgres@127.0.0.1:1/postgres');
  const warn = jest.fn();
  const pruner = startAiCachePruner({ pool: deadPool, config: loadConfig({}), log: { info: jest.fn(), warn }, intervalMs: 10 });
  try {
    await waitFor(async () => warn.mock.calls.length >= 2);
    expect(warn).toHaveBeenCalledWith({ err: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }) }, expect.stringContaining('AI cache prune failed'));
  } finally {
    await pruner.stop();
    await deadPool.end();
  }
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
