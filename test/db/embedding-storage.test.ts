import { createOfflineEmbedder } from '../../src/ai/offline/hashed/embedder';
import { upsertEmbedding } from '../../src/search/embeddings';
import { startTestDatabase, type TestDatabase } from '../support/database';

// Vectors travel to the database in pgvector's binary format (embeddings.ts): what is stored must be
// the float4 of every value, in order, whatever its sign or size.

const embedder = createOfflineEmbedder();
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db.stop();
});

const stored = async (repoId: number, number: number) =>
  (await db.pool.query<{ v: string }>('SELECT embedding::text AS v FROM issue_embeddings WHERE repo_id = $1 AND number = $2', [repoId, number])).rows[0]!.v;

test('a vector sent in binary is stored value for value, as float4', async () => {
  const vector = Array.from({ length: embedder.dimensions }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 1) * 1e-4);
  vector[7] = 0;
  vector[8] = 0.123456789;
  await upsertEmbedding(db.pool, { repoId: 1, number: 1, embedder, contentHash: 'h1', vector });
  const values = JSON.parse(await stored(1, 1)) as number[];
  expect(values).toHaveLength(embedder.dimensions);
  values.forEach((v, i) => expect(v).toBeCloseTo(Math.fround(vector[i]!), 6));
});

test('cosine distances in the database match the vectors the embedder made, and an upsert replaces the vector', async () => {
  const [a, b] = (await embedder.embed(['Crash when opening the bookmarks sidebar', 'The bookmarks sidebar crashes on open'])) as [number[], number[]];
  await upsertEmbedding(db.pool, { repoId: 2, number: 1, embedder, contentHash: 'ha', vector: b });
  await upsertEmbedding(db.pool, { repoId: 2, number: 1, embedder, contentHash: 'ha', vector: a });
  await upsertEmbedding(db.pool, { repoId: 2, number: 2, embedder, contentHash: 'hb', vector: b });
  const { rows } = await db.pool.query<{ d: number }>(
    'SELECT (x.embedding <=> y.embedding)::float8 AS d FROM issue_embeddings x, issue_embeddings y WHERE x.repo_id = 2 AND y.repo_id = 2 AND x.number = 1 AND y.number = 2',
  );
  const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
  expect(rows[0]!.d).toBeCloseTo(1 - dot, 5);
});
