import { loadConfig } from '../../../src/config';
import { MODEL_ERROR_TYPES, ModelError } from '../../../src/ai/errors';
import { createOpenAIConnection, createOpenAIEmbedder, l2Normalise } from '../../../src/ai/openai';
import { fakeVector, startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ nativeDimensions: 24 });
});
afterAll(() => fake.close());

const embedderFor = (env: Record<string, string>, batchSize?: number) => {
  const ai = loadConfig({ OPENAI_API_KEY: 'sk-embed-test', OPENAI_BASE_URL: fake.baseUrl, ...env }).ai;
  return createOpenAIEmbedder({ connection: createOpenAIConnection(ai), model: ai.embeddingModel, dimensions: ai.embeddingDimensions, prices: ai.prices, batchSize });
};

test('sends the model, the configured dimensions and float encoding, and returns unit vectors', async () => {
  const embedder = embedderFor({ OPENAI_EMBEDDING_DIMENSIONS: '32' });
  const before = fake.requests.length;
  const vectors = await embedder.embed(['Crash when saving a file', 'Add dark mode']);

  expect(embedder.id).toBe('openai:text-embedding-3-small:32');
  expect(embedder.dimensions).toBe(32);
  const sent = fake.requests.slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.path).toBe('/v1/embeddings');
  expect(sent[0]!.headers.authorization).toBe('Bearer sk-embed-test');
  expect(sent[0]!.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 32, encoding_format: 'float', input: ['Crash when saving a file', 'Add dark mode'] });
  for (const v of vectors) {
    expect(v).toHaveLength(32);
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
  }
  expect(vectors[0]).toEqual(l2Normalise(fakeVector('Crash when saving a file', 32)));
});

test('batches N inputs into ceil(N / batch size) requests and keeps their order', async () => {
  const embedder = embedderFor({ OPENAI_EMBEDDING_DIMENSIONS: '16' }, 4);
  const texts = Array.from({ length: 10 }, (_, i) => `issue text number ${i}`);
  const before = fake.requests.length;
  const vectors = await embedder.embed(texts);

  const sent = fake.requests.slice(before);
  expect(sent.map((r) => (r.body.input as string[]).length)).toEqual([4, 4, 2]);
  expect(vectors).toEqual(texts.map((t) => l2Normalise(fakeVector(t, 16))));
});

test('reports what each vector cost, split by length, from the tokens the server counted', async () => {
  const embedder = embedderFor({ OPENAI_EMBEDDING_DIMENSIONS: '16', OPENAI_PRICE_EMBEDDING_PER_MTOK: '0.02' });
  const texts = ['a'.repeat(400), 'b'.repeat(1200)]; // the fake counts 100 + 300 tokens
  const { costsUsd } = await embedder.embedWithCost(texts);
  expect(costsUsd[0]! + costsUsd[1]!).toBeCloseTo((400 * 0.02) / 1e6, 12);
  expect(costsUsd[1]!).toBeCloseTo(3 * costsUsd[0]!, 12);
});

test('does not send dimensions to other models and rejects vectors of the wrong size for good', async () => {
  // An Ollama-style model with a fixed size of 24 while the configuration says 512.
  const embedder = embedderFor({ OPENAI_EMBEDDING_MODEL: 'nomic-embed-text' });
  const before = fake.requests.length;
  const err = await embedder.embed(['hello']).catch((e: unknown) => e);

  expect(fake.requests[before]!.body).not.toHaveProperty('dimensions');
  expect(err).toBeInstanceOf(ModelError);
  expect(err).toMatchObject({ type: MODEL_ERROR_TYPES.badRequest, retryable: false });
  expect((err as Error).message).toMatch(/OPENAI_EMBEDDING_DIMENSIONS is 512: set it to 24/);
});

test('a model with the matching native size works without the parameter', async () => {
  const embedder = embedderFor({ OPENAI_EMBEDDING_MODEL: 'nomic-embed-text', OPENAI_EMBEDDING_DIMENSIONS: '24' });
  await expect(embedder.embed(['hello'])).resolves.toEqual([l2Normalise(fakeVector('hello', 24))]);
  expect(embedder.id).toBe('openai:nomic-embed-text:24');
});
