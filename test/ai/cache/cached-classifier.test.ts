import { cacheClassifier, createResultCache, readCacheStats, type ResultCache } from '../../../src/ai/cache';
import { createOpenAIClassifier, createOpenAIConnection } from '../../../src/ai/openai';
import type { Classification } from '../../../src/domain/triage';
import type { ClassifyInput, Classifier } from '../../../src/ai/types';
import { loadConfig } from '../../../src/config';
import { startEmbeddedDatabase } from '../../../src/db/embedded';
import { createPool, type Pool } from '../../../src/db/pool';
import { silentLogger } from '../../../src/log';
import { useDatabaseAndFakeOpenAI } from '../../support/openai-bench';
import { chatCompletion, DEFAULT_ANSWER } from '../../support/fake-openai';

const t = useDatabaseAndFakeOpenAI();

const CHAT = '/v1/chat/completions' as const;
const chatCalls = () => t.fake.requestsTo(CHAT).length;
const openai = (): Classifier => {
  const ai = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: t.fake.baseUrl }).ai;
  return createOpenAIClassifier({ connection: createOpenAIConnection(ai), model: 'gpt-4o-mini', prices: ai.prices });
};
/** A new cache over the shared table: what another process, or this one after a restart, would have. */
// Counters reach the shared table in batches; the caches made here are flushed before stats are read.
const made: ResultCache[] = [];
const freshCache = (p: Pool = t.pool) => {
  const cache = createResultCache({ pool: p, size: 50, log: silentLogger });
  made.push(cache);
  return cache;
};
const sharedStats = async () => {
  for (const cache of made) await cache.flush();
  return readCacheStats(t.pool);
};
const issue = (repo: string, n: number, over: Partial<ClassifyInput> = {}): ClassifyInput => ({
  issue: { repo, number: n, title: `Crash ${n} when exporting`, body: `Export of sheet ${n} crashes with a null pointer.` },
  similar: [],
  examples: [],
  labelSet: [{ name: 'bug', description: 'Something is broken' }],
  ...over,
});

test('the second identical issue makes no request and says it was cached, at zero cost', async () => {
  const classifier = cacheClassifier(openai(), freshCache());
  const before = chatCalls();
  const first = await classifier.classify(issue('acme/hit', 1));
  const second = await classifier.classify(issue('acme/hit', 1));

  expect(chatCalls() - before).toBe(1);
  expect(first.cached).toBe(false);
  expect(first.usage.costUsd).toBeGreaterThan(0);
  expect(second).toEqual<Classification>({ ...first, cached: true, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } });
});

test('a fresh cache over the same table (a restart, another process) also hits', async () => {
  await cacheClassifier(openai(), freshCache()).classify(issue('acme/restart', 1));
  const before = chatCalls();
  const again = await cacheClassifier(openai(), freshCache()).classify(issue('acme/restart', 1));
  expect(chatCalls() - before).toBe(0);
  expect(again.cached).toBe(true);
});

test('a new human correction among the examples misses, so corrections change answers at once', async () => {
  const classifier = cacheClassifier(openai(), freshCache());
  await classifier.classify(issue('acme/learn', 1));
  t.fake.enqueue(CHAT, { body: chatCompletion({ ...DEFAULT_ANSWER, category: 'question' }) });
  const corrected = await classifier.classify(issue('acme/learn', 1, { examples: [{ title: 'Crash 0 when exporting', body: 'How do I export?', category: 'question' }] }));
  expect(corrected).toMatchObject({ cached: false, category: 'question' });
});

test('a classifier whose id changes as it learns (the offline model) is not served its old answers', async () => {
  let version = 1;
  let calls = 0;
  const learning: Classifier = {
    get id() {
      return `offline:test@${version}`;
    },
    async classify() {
      calls += 1;
      return { ...DEFAULT_ANSWER, category: 'bug', priority: 'p2', model: `offline:test@${version}`, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } };
    },
  };
  const classifier = cacheClassifier(learning, freshCache());
  await classifier.classify(issue('acme/offline', 1));
  await classifier.classify(issue('acme/offline', 1));
  version = 2;
  const afterLearning = await classifier.classify(issue('acme/offline', 1));
  expect(calls).toBe(2);
  expect(afterLearning).toMatchObject({ cached: false, model: 'offline:test@2' });
});

test('stats count hits, misses, hit rate, calls and dollars saved, across processes', async () => {
  await sharedStats(); // what earlier tests counted lands first, then is cleared
  await t.pool.query('DELETE FROM ai_cache_stats');
  t.fake.enqueue(CHAT, { body: chatCompletion(DEFAULT_ANSWER, { prompt_tokens: 2000, completion_tokens: 100 }) });
  await cacheClassifier(openai(), freshCache()).classify(issue('acme/stats', 1));
  await cacheClassifier(openai(), freshCache()).classify(issue('acme/stats', 1));
  await cacheClassifier(openai(), freshCache()).classify(issue('acme/stats', 1));

  const stats = await sharedStats();
  const cost = (2000 * 0.15 + 100 * 0.6) / 1e6;
  expect(stats).toEqual({ hits: 2, misses: 1, hitRate: 2 / 3, callsSaved: 2, costSavedUsd: expect.closeTo(2 * cost, 12) });
});

test('a repeated run (20 issues, each delivered three times) makes more than 50% fewer model calls', async () => {
  const before = chatCalls();
  const classifier = cacheClassifier(openai(), freshCache());
  for (let round = 0; round < 3; round += 1) {
    for (let n = 1; n <= 20; n += 1) await classifier.classify(issue('acme/repeat', n));
  }
  const calls = chatCalls() - before;
  expect(calls).toBe(20);
  expect(1 - calls / 60).toBeGreaterThan(0.5);
});

test('an unreachable cache database does not stop classification', async () => {
  const closed = await startEmbeddedDatabase({});
  const deadPool = createPool(closed.url);
  await closed.stop();
  const classifier = cacheClassifier(openai(), freshCache(deadPool));
  const first = await classifier.classify(issue('acme/nodb', 1));
  const second = await classifier.classify(issue('acme/nodb', 1));
  expect(first.cached).toBe(false);
  expect(second.cached).toBe(true); // still served by the in-process LRU
  await deadPool.end();
});
