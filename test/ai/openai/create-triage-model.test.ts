import { createTriageModel } from '../../../src/ai/create-triage-model';
import type { ClassifyInput } from '../../../src/ai/types';
import { loadConfig } from '../../../src/config';
import { EmbedderMismatchError } from '../../../src/ai/embedder-record';
import { silentLogger } from '../../../src/log';
import { useDatabaseAndFakeOpenAI } from '../../support/openai-bench';

const t = useDatabaseAndFakeOpenAI('test');

const openaiConfig = () => loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: t.fake.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '64' });
const input: ClassifyInput = {
  issue: { repo: 'acme/factory', number: 1, title: 'App crashes on launch', body: 'Since 2.3 the app crashes at start.' },
  similar: [],
  examples: [],
  labelSet: [{ name: 'bug', description: 'Broken' }],
};

test('with OPENAI_API_KEY: OpenAI embeds and classifies behind the cache, and human labels still teach the offline model', async () => {
  const model = await createTriageModel({ config: openaiConfig(), pool: t.pool, log: silentLogger });
  expect(model.embedder.id).toBe('openai:text-embedding-3-small:64');

  const first = await model.classify(input);
  const second = await model.classify(input);
  expect(first).toMatchObject({ model: 'openai:gpt-4o-mini@v1', cached: false });
  expect(second.cached).toBe(true);
  expect(t.fake.requestsTo('/v1/chat/completions')).toHaveLength(1);

  await model.embedder.embed(['App crashes on launch']);
  await model.embedder.embed(['App crashes on launch']);
  expect(t.fake.requestsTo('/v1/embeddings')).toHaveLength(1);

  const requestsBefore = t.fake.requests.length;
  await model.learn({ issue: input.issue, category: 'bug', priority: 'p1', source: 'correction' });
  expect(t.fake.requests.length).toBe(requestsBefore);

  await expect(model.cacheStats()).resolves.toMatchObject({ hits: 2, misses: 2, hitRate: 0.5, callsSaved: 2 });
  const setting = await t.pool.query<{ value: { id: string } }>("SELECT value FROM settings WHERE key = 'embedder'");
  expect(setting.rows[0]?.value.id).toBe('openai:text-embedding-3-small:64');
});

test('without a key the offline model answers behind the cache, and a correction it learns invalidates its answers', async () => {
  const model = await createTriageModel({ config: loadConfig({}), pool: t.pool, log: silentLogger });
  expect(model.embedder.id).toMatch(/^offline:/);
  const first = await model.classify(input);
  expect(first).toMatchObject({ model: expect.stringMatching(/^offline:/), cached: false });
  await expect(model.classify(input)).resolves.toMatchObject({ model: first.model, cached: true });

  await model.learn({ issue: input.issue, category: 'feature', priority: 'p3', source: 'correction' });
  const afterLearning = await model.classify(input);
  expect(afterLearning.cached).toBe(false);
  expect(afterLearning.model).not.toBe(first.model);
  expect(t.fake.requests).toHaveLength(0);
});

test('offline, the sentence model embeds by default and OFFLINE_EMBEDDER=hashed picks the hashed embedder', async () => {
  const sentence = await createTriageModel({ config: loadConfig({}), pool: t.pool, log: silentLogger });
  expect(sentence.embedder).toMatchObject({ id: 'offline:bge-small-en-v1.5-q-t64:384', dimensions: 384 });
  const hashed = await createTriageModel({ config: loadConfig({ OFFLINE_EMBEDDER: 'hashed' }), pool: t.pool, log: silentLogger });
  expect(hashed.embedder).toMatchObject({ id: 'offline:hash-ngram-v1:1024', dimensions: 1024 });
  expect(t.fake.requests).toHaveLength(0);
});

test('refuses to start when stored vectors came from another embedder, naming the reembed command', async () => {
  const offline = await createTriageModel({ config: loadConfig({}), pool: t.pool, log: silentLogger });
  const [vector] = await offline.embedder.embed(['App crashes on launch']);
  await t.pool.query(
    "INSERT INTO issue_embeddings (repo_id, number, embedder, dims, content_hash, embedding) VALUES (1, 1, $1, $2, 'h', $3::vector)",
    [offline.embedder.id, offline.embedder.dimensions, `[${vector!.join(',')}]`],
  );
  await expect(createTriageModel({ config: openaiConfig(), pool: t.pool, log: silentLogger })).rejects.toThrow(EmbedderMismatchError);
  await expect(createTriageModel({ config: openaiConfig(), pool: t.pool, log: silentLogger })).rejects.toThrow(/reembed/);
});
