import { loadConfig } from '../../../src/config';
import { isRetryable, MODEL_ERROR_TYPES, ModelError, NON_RETRYABLE_MODEL_ERROR_TYPES } from '../../../src/ai/errors';
import { createOpenAIClassifier, createOpenAIConnection, createOpenAIEmbedder } from '../../../src/ai/openai';
import type { ClassifyInput } from '../../../src/ai/types';
import { apiError, startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const input: ClassifyInput = { issue: { repo: 'acme/errors', title: 'Crash', body: 'It crashes.' }, similar: [], examples: [], labelSet: [] };

function classifierAt(baseUrl: string, timeout = '5s') {
  const ai = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseUrl, OPENAI_TIMEOUT: timeout }).ai;
  return createOpenAIClassifier({ connection: createOpenAIConnection(ai), model: ai.classifyModel, prices: ai.prices });
}

async function failureOf(p: Promise<unknown>): Promise<ModelError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModelError);
  return err as ModelError;
}

test.each([
  [429, MODEL_ERROR_TYPES.rateLimited, true, /Rate limited \(429\)/],
  [500, MODEL_ERROR_TYPES.unavailable, true, /failed \(500\)/],
  [503, MODEL_ERROR_TYPES.unavailable, true, /failed \(503\)/],
  [400, MODEL_ERROR_TYPES.badRequest, false, /rejected the classification request .*\(400\)/],
  [401, MODEL_ERROR_TYPES.auth, false, /rejected the API key \(401\).*check OPENAI_API_KEY/],
  [403, MODEL_ERROR_TYPES.auth, false, /no access \(403\)/],
  [404, MODEL_ERROR_TYPES.badRequest, false, /check the model name \(OPENAI_CLASSIFY_MODEL/],
])('HTTP %i from the server is %s (retryable: %s), after exactly one attempt', async (status, type, retryable, message) => {
  fake.enqueue('/v1/chat/completions', apiError(status, `fake ${status}`));
  const before = fake.requestsTo('/v1/chat/completions').length;
  const err = await failureOf(classifierAt(fake.baseUrl).classify(input));

  expect(err).toMatchObject({ type, retryable, status });
  expect(isRetryable(err)).toBe(retryable);
  expect(err.message).toMatch(message);
  expect(err.message).toContain(`fake ${status}`);
  expect(fake.requestsTo('/v1/chat/completions').length - before).toBe(1);
});

test('a server slower than OPENAI_TIMEOUT is a retryable timeout, attempted once', async () => {
  fake.enqueue('/v1/chat/completions', { delayMs: 3_000 });
  const before = fake.requestsTo('/v1/chat/completions').length;
  const err = await failureOf(classifierAt(fake.baseUrl, '300ms').classify(input));

  expect(err).toMatchObject({ type: MODEL_ERROR_TYPES.timeout, retryable: true });
  expect(err.message).toMatch(/timed out: raise OPENAI_TIMEOUT/);
  expect(fake.requestsTo('/v1/chat/completions').length - before).toBe(1);
});

test('a refused connection is retryable and names OPENAI_BASE_URL', async () => {
  const closed = await startFakeOpenAI();
  const url = closed.baseUrl;
  await closed.close();
  const err = await failureOf(classifierAt(url).classify(input));
  expect(err).toMatchObject({ type: MODEL_ERROR_TYPES.connection, retryable: true });
  expect(err.message).toMatch(/Check OPENAI_BASE_URL/);
});

test('embedding requests map errors the same way', async () => {
  const ai = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl }).ai;
  const embedder = createOpenAIEmbedder({ connection: createOpenAIConnection(ai), model: ai.embeddingModel, dimensions: 8, prices: ai.prices });
  fake.enqueue('/v1/embeddings', apiError(500, 'boom'), apiError(401, 'bad key'));
  await expect(embedder.embed(['x'])).rejects.toMatchObject({ type: MODEL_ERROR_TYPES.unavailable, retryable: true });
  await expect(embedder.embed(['x'])).rejects.toMatchObject({ type: MODEL_ERROR_TYPES.auth, retryable: false });
});

test('errors that are not ModelErrors are left to the retry policy, and the policy list holds the rest', () => {
  expect(isRetryable(new Error('connection reset by the database'))).toBe(true);
  expect([...NON_RETRYABLE_MODEL_ERROR_TYPES].sort()).toEqual([MODEL_ERROR_TYPES.auth, MODEL_ERROR_TYPES.invalidOutput, MODEL_ERROR_TYPES.badRequest].sort());
});
