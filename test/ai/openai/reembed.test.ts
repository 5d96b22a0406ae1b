import { issueEmbeddingText } from '../../../src/ai/content-hash';
import { createOpenAIConnection, createOpenAIEmbedder, l2Normalise } from '../../../src/ai/openai';
import type { Embedder } from '../../../src/ai/types';
import { reembedCommand, reembedIssues } from '../../../src/commands/reembed';
import { UsageError } from '../../../src/commands/command';
import { loadConfig } from '../../../src/config';
import { EmbedderMismatchError, ensureEmbedder } from '../../../src/ai/embedder-record';
import { upsertEmbedding } from '../../../src/search/embeddings';
import { silentLogger } from '../../../src/log';
import { useDatabaseAndFakeOpenAI } from '../../support/openai-bench';
import { apiError, fakeVector } from '../../support/fake-openai';

const t = useDatabaseAndFakeOpenAI();

const EMB = '/v1/embeddings' as const;
const oldEmbedder: Embedder = { id: 'offline:old:8', dimensions: 8, embed: async (texts) => texts.map(() => l2Normalise([1, 2, 3, 4, 5, 6, 7, 8])) };
const env = (over: Record<string, string> = {}) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: t.fake.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '32', LOG_LEVEL: 'silent', ...over });
const openai = () => {
  const ai = loadConfig(env()).ai;
  return createOpenAIEmbedder({ connection: createOpenAIConnection(ai), model: ai.embeddingModel, dimensions: ai.embeddingDimensions, prices: ai.prices });
};

/** Four live issues and a deleted one, all with vectors of the old embedder, plus a vector whose issue never arrived. */
async function seed(repoId: number): Promise<void> {
  for (let n = 1; n <= 5; n += 1) {
    await t.pool.query(
      `INSERT INTO issues (repo_id, repo_full_name, number, workflow_id, title, body, state, content_hash) VALUES ($1, 'acme/re', $2, $3, $4, $5, $6, $7)`,
      [repoId, n, `issue-${repoId}-${n}`, `Issue ${n} title`, `Body of issue ${n}`, n === 5 ? 'deleted' : 'open', `hash-${n}`],
    );
  }
  for (const n of [1, 2, 3, 4, 5, 99]) await upsertEmbedding(t.pool, { repoId, number: n, embedder: oldEmbedder, contentHash: 'old', vector: await oldEmbedder.embed(['x']).then((v) => v[0]!) });
  await ensureEmbedder(t.pool, oldEmbedder);
}

async function reset(): Promise<void> {
  await t.pool.query('DELETE FROM issue_embeddings');
  await t.pool.query('DELETE FROM issues');
  await t.pool.query("DELETE FROM settings WHERE key = 'embedder'");
}

test('rebuilds every live issue vector in batches, swaps them in and lets the new embedder start', async () => {
  await reset();
  await seed(101);
  await expect(ensureEmbedder(t.pool, openai())).rejects.toBeInstanceOf(EmbedderMismatchError);
  const before = t.fake.requestsTo(EMB).length;

  const result = await reembedIssues({ pool: t.pool, embedder: openai(), batchSize: 3, log: silentLogger });

  expect(result).toMatchObject({ embedderId: 'openai:text-embedding-3-small:32', embedded: 4, removed: 2 });
  expect(t.fake.requestsTo(EMB).length - before).toBe(2); // 4 issues in batches of 3
  const { rows } = await t.pool.query<{ number: number; embedder: string; dims: number; content_hash: string; embedding: string }>(
    'SELECT number, embedder, dims, content_hash, embedding::text AS embedding FROM issue_embeddings ORDER BY number',
  );
  expect(rows.map((r) => [r.number, r.embedder, r.dims, r.content_hash])).toEqual([1, 2, 3, 4].map((n) => [n, 'openai:text-embedding-3-small:32', 32, `hash-${n}`]));
  const expected = l2Normalise(fakeVector(issueEmbeddingText({ title: 'Issue 1 title', body: 'Body of issue 1' }), 32));
  (JSON.parse(rows[0]!.embedding) as number[]).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));

  const setting = await t.pool.query<{ value: { id: string; dims: number } }>("SELECT value FROM settings WHERE key = 'embedder'");
  expect(setting.rows[0]?.value).toEqual({ id: 'openai:text-embedding-3-small:32', dims: 32 });
  await expect(ensureEmbedder(t.pool, openai())).resolves.toBeUndefined();
});

test('a provider failure half-way leaves the old vectors and the old embedder setting untouched', async () => {
  await reset();
  await seed(202);
  t.fake.enqueue(EMB, {}, apiError(500, 'upstream down')); // the first batch succeeds, the second fails
  await expect(reembedIssues({ pool: t.pool, embedder: openai(), batchSize: 2, log: silentLogger })).rejects.toMatchObject({ retryable: true });

  const { rows } = await t.pool.query<{ embedder: string; n: number }>('SELECT embedder, count(*)::int AS n FROM issue_embeddings GROUP BY embedder');
  expect(rows).toEqual([{ embedder: 'offline:old:8', n: 6 }]);
  const setting = await t.pool.query<{ value: { id: string } }>("SELECT value FROM settings WHERE key = 'embedder'");
  expect(setting.rows[0]?.value.id).toBe('offline:old:8');
});

test('the command runs against DATABASE_URL with the configured embedder and rejects unknown arguments', async () => {
  await reset();
  await seed(303);
  await expect(reembedCommand.run([], env({ DATABASE_URL: t.db.url }))).resolves.toBe(0);
  const { rows } = await t.pool.query<{ embedder: string; n: number }>('SELECT embedder, count(*)::int AS n FROM issue_embeddings GROUP BY embedder');
  expect(rows).toEqual([{ embedder: 'openai:text-embedding-3-small:32', n: 4 }]);

  await expect(reembedCommand.run(['--everything'], env({ DATABASE_URL: t.db.url }))).rejects.toBeInstanceOf(UsageError);
});
