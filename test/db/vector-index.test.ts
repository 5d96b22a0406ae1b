import pino from 'pino';
import { createOfflineEmbedder } from '../../src/ai/offline/hashed/embedder';
import { dropUnreadVectorIndex, ensureVectorIndex, startVectorIndexMaintenance, vectorIndexReady } from '../../src/search/vector-index';
import { createVectorStore } from '../../src/search/vector-store';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { CORPUS } from './similar-corpus';

// The HNSW index is built by the workers once a repository is past exact search, not at start, because
// keeping it up costs every insert; until then a large repository is searched exactly.

const embedder = createOfflineEmbedder();
const dims = embedder.dimensions;
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db.stop();
});

async function load(repoId: number, issues: { number: number; title: string; body: string }[]) {
  const store = createVectorStore(db.pool, embedder);
  for (const issue of issues) {
    const [vector] = (await embedder.embed([`${issue.title}\n\n${issue.body}`])) as [number[]];
    await store.save({ repoId, number: issue.number, contentHash: `h${issue.number}`, vector, title: issue.title, body: issue.body });
  }
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the index is built once a repository grows past exact search, and not before', async () => {
  const messages: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void messages.push((JSON.parse(line) as { msg: string }).msg) });
  await load(301, CORPUS.slice(0, 3));
  const maintenance = startVectorIndexMaintenance({ pool: db.pool, dims, log, exactMaxIssues: 4, intervalMs: 50 });
  try {
    // Several rounds with every repository at most 4 issues: nothing is built.
    await new Promise((r) => setTimeout(r, 400));
    expect(await vectorIndexReady(db.pool, dims)).toBe(false);

    // A large repository searched before the index exists gets the exact answer, not an error.
    const early = createVectorStore(db.pool, embedder, undefined, 0);
    const exact = await createVectorStore(db.pool, embedder).similar({ repoId: 301, number: 2, limit: 2 });
    expect(await early.similar({ repoId: 301, number: 2, limit: 2 })).toEqual(exact);

    await load(301, CORPUS.slice(3, 6));
    await until(() => vectorIndexReady(db.pool, dims));
    const { rows } = await db.pool.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'issue_embeddings_hnsw_${dims}'`);
    expect(rows[0]?.indexdef).toMatch(/USING hnsw .*vector_cosine_ops.*WHERE \(dims = 1024\)/);
    await until(async () => messages.includes('HNSW index built'));
  } finally {
    await maintenance.stop();
  }
});

test('an invalid index left by an interrupted concurrent build is rebuilt', async () => {
  await ensureVectorIndex(db.pool, dims);
  // What a CREATE INDEX CONCURRENTLY cut short leaves behind: the index, marked invalid.
  await db.pool.query(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'issue_embeddings_hnsw_${dims}'::regclass`);
  expect(await vectorIndexReady(db.pool, dims)).toBe(false);
  await ensureVectorIndex(db.pool, dims);
  expect(await vectorIndexReady(db.pool, dims)).toBe(true);
});

test('a dimension outside what pgvector indexes is refused with the range', async () => {
  await expect(ensureVectorIndex(db.pool, 4000)).rejects.toThrow('Vector dimension 4000 is outside 1..2000');
});

test('an index that nothing reads (the offline embedding) is dropped, once', async () => {
  await ensureVectorIndex(db.pool, dims);
  expect(await dropUnreadVectorIndex(db.pool, dims)).toBe(true);
  const { rows } = await db.pool.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'issue_embeddings_hnsw_${dims}'`);
  expect(rows).toHaveLength(0);
  expect(await dropUnreadVectorIndex(db.pool, dims)).toBe(false);
});
