import { cacheEmbedder, createResultCache, readCacheStats, type ResultCache } from '../../../src/ai/cache';
import { createOpenAIConnection, createOpenAIEmbedder } from '../../../src/ai/openai';
import type { Embedder } from '../../../src/ai/types';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { useDatabaseAndFakeOpenAI } from '../../support/openai-bench';

const t = useDatabaseAndFakeOpenAI();

const EMB = '/v1/embeddings' as const;
const openai = (): Embedder => {
  const ai = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: t.fake.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '16' }).ai;
  return createOpenAIEmbedder({ connection: createOpenAIConnection(ai), model: ai.embeddingModel, dimensions: 16, prices: ai.prices });
};
// Counters reach the shared table in batches; the caches made here are flushed before stats are read.
const made: ResultCache[] = [];
const cached = () => {
  const cache = createResultCache({ pool: t.pool, size: 50, log: silentLogger });
  made.push(cache);
  return cacheEmbedder(openai(), cache);
};
const sharedStats = async () => {
  for (const cache of made) await cache.flush();
  return readCacheStats(t.pool);
};
const sentInputs = (from: number) => t.fake.requestsTo(EMB).slice(from).flatMap((r) => r.body.input as string[]);

test('only texts not embedded before are sent, each distinct text once, in the caller\'s order', async () => {
  const embedder = cached();
  const direct = await openai().embed(['alpha issue', 'beta issue', 'gamma issue']);
  const before = t.fake.requestsTo(EMB).length;

  await embedder.embed(['alpha issue']);
  const vectors = await embedder.embed(['beta issue', 'alpha issue', 'gamma issue', 'beta issue']);

  expect(sentInputs(before)).toEqual(['alpha issue', 'beta issue', 'gamma issue']);
  expect(vectors).toEqual([direct[1], direct[0], direct[2], direct[1]]);
  expect(embedder).toMatchObject({ id: 'openai:text-embedding-3-small:16', dimensions: 16 });
});

test('a call answered from the table by a fresh cache sends nothing and counts a call and its cost saved', async () => {
  const texts = ['delta: the app freezes on start', 'epsilon: add CSV import'];
  const first = await cached().embed(texts);
  const statsBefore = await sharedStats();
  const before = t.fake.requestsTo(EMB).length;

  const again = await cached().embed(texts);

  expect(t.fake.requestsTo(EMB).length).toBe(before);
  expect(again).toEqual(first);
  const stats = await sharedStats();
  expect(stats.hits - statsBefore.hits).toBe(2);
  expect(stats.misses - statsBefore.misses).toBe(0);
  expect(stats.callsSaved - statsBefore.callsSaved).toBe(1);
  expect(stats.costSavedUsd - statsBefore.costSavedUsd).toBeGreaterThan(0);
});

test('vectors handed out are copies: changing one does not change the cache', async () => {
  const embedder = cached();
  const [v] = await embedder.embed(['zeta issue']);
  v!.fill(0);
  const [again] = await embedder.embed(['zeta issue']);
  expect(Math.hypot(...again!)).toBeCloseTo(1, 6);
});
