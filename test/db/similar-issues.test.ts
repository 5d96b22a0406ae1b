import { createOfflineEmbedder } from '../../src/ai/offline/hashed/embedder';
import { upsertEmbedding } from '../../src/search/embeddings';
import { ensureVectorIndex } from '../../src/search/vector-index';
import { similarSql } from '../../src/search/similar-issues';
import { createVectorStore, embeddingGathersCandidates, HASHED_FUSION, type VectorStore } from '../../src/search/vector-store';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { CORPUS } from './similar-corpus';

const embedder = createOfflineEmbedder();
let db: TestDatabase;
let store: VectorStore;

beforeAll(async () => {
  db = await startTestDatabase();
  await ensureVectorIndex(db.pool, embedder.dimensions);
  store = createVectorStore(db.pool, embedder);
});
afterAll(async () => {
  await db.stop();
});

async function load(repoId: number, issues: { number: number; title: string; body: string }[], into: VectorStore = store) {
  for (const issue of issues) {
    const [vector] = (await embedder.embed([`${issue.title}\n\n${issue.body}`])) as [number[]];
    await into.save({ repoId, number: issue.number, contentHash: `h${issue.number}`, vector, title: issue.title, body: issue.body });
  }
}

const df = async (repoId: number, lexeme: string) =>
  (await db.pool.query<{ df: number }>('SELECT df FROM repo_term_df WHERE repo_id = $1 AND lexeme = $2', [repoId, lexeme])).rows[0]?.df ?? 0;
const docs = async (repoId: number) => (await db.pool.query<{ docs: number }>('SELECT docs FROM repo_term_docs WHERE repo_id = $1', [repoId])).rows[0]?.docs ?? 0;

test('a report of the same problem in other words ranks first, with the fused score and both of its parts', async () => {
  await load(101, CORPUS);
  const similar = await store.similar({ repoId: 101, number: 5, limit: 3 });
  expect(similar[0]).toMatchObject({ number: 1, title: 'Crash when opening the bookmarks sidebar', state: 'open' });
  const top = similar[0]!;
  expect(top.lexical).toBeGreaterThan(0.2);
  expect(top.similarity).toBeCloseTo(HASHED_FUSION.lexical * top.lexical + HASHED_FUSION.semantic * top.semantic, 6);
  expect(similar.map((s) => s.similarity)).toEqual([...similar.map((s) => s.similarity)].sort((a, b) => b - a));
  expect((await store.similar({ repoId: 101, number: 7, limit: 1 }))[0]?.number).toBe(2);
});

test('only issues of the same repository are candidates', async () => {
  await load(102, [{ number: 1, title: 'Bookmarks sidebar crashes the browser', body: 'Opening the bookmarks sidebar crashes it.' }]);
  await load(103, CORPUS.slice(1));
  const found = await store.similar({ repoId: 102, number: 1, limit: 10 });
  expect(found).toEqual([]);
});

test('document frequencies count each issue once: a retried save changes nothing, an edit moves them by the difference', async () => {
  const issue = { number: 1, title: 'Toolbar icons blurry', body: 'The toolbar icons look blurry on a high resolution screen.' };
  await load(104, [issue]);
  await load(104, [issue]);
  expect(await docs(104)).toBe(1);
  expect(await df(104, 'blurry')).toBe(1);

  await load(104, [{ ...issue, body: 'The toolbar icons look fuzzy on a retina screen.' }]);
  expect(await docs(104)).toBe(1);
  expect(await df(104, 'blurry')).toBe(1); // still in the title
  expect(await df(104, 'resolution')).toBe(0);
  expect(await df(104, 'fuzzy')).toBe(1);

  await load(104, [{ number: 2, title: 'Blurry text in the composer', body: 'Text is blurry.' }]);
  expect(await docs(104)).toBe(2);
  expect(await df(104, 'blurry')).toBe(2);
});

test('a large repository is searched through the GIN and HNSW indexes and ranks the same way', async () => {
  const indexed = createVectorStore(db.pool, embedder, HASHED_FUSION, 0);
  for (const [number, pair] of [[5, 1], [7, 2]] as const) {
    const exact = await store.similar({ repoId: 101, number, limit: 3 });
    const viaIndex = await indexed.similar({ repoId: 101, number, limit: 3 });
    expect(viaIndex[0]?.number).toBe(pair);
    expect(viaIndex[0]?.similarity).toBeCloseTo(exact[0]!.similarity, 6);
  }
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN; SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${similarSql(embedder.dimensions, true)}`, [101, 5, embedder.id]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('issue_terms_lexemes');
    expect(plan).toContain(`issue_embeddings_hnsw_${embedder.dimensions}`);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});

test('the exact search looks up each candidate by its number, not by joining the whole repository', async () => {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${similarSql(embedder.dimensions, false)}`, [101, 5, embedder.id]);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  expect(plan).not.toMatch(/(Merge|Hash) (Left |Right )?Join/);
  expect(plan).toMatch(/Index Scan using issues_repo_id_number_key on issues\s.*\n\s*Index Cond: \(\(repo_id = '101'::bigint\) AND \(number = \w+\.number\)\)/);
  expect(plan).toMatch(/Index Scan using issue_embeddings_pkey on issue_embeddings\s.*\n\s*Index Cond: \(\(repo_id = '101'::bigint\) AND \(number = \w+\.number\)\)/);
});

test('an issue stored before the lexical index existed is ranked by its embedding alone', async () => {
  const old = CORPUS[0]!;
  const [vector] = (await embedder.embed([`${old.title}\n\n${old.body}`])) as [number[]];
  await upsertEmbedding(db.pool, { repoId: 105, number: 9, embedder, contentHash: 'h9', vector, title: old.title });
  await load(105, [CORPUS[4]!]);
  const similar = await store.similar({ repoId: 105, number: 9, limit: 3 });
  expect(similar).toHaveLength(1);
  expect(similar[0]).toMatchObject({ number: 5, lexical: 0 });
  expect(similar[0]!.similarity).toBeCloseTo(similar[0]!.semantic, 6);
});

test('the offline embedding only scores what the words found; a remote embedding also gathers candidates of its own', async () => {
  // A report in other words whose embedding is the target's own, behind more word matches than the
  // word side keeps: only an embedding that gathers candidates finds it.
  const remote = { ...embedder, id: 'openai:test-embedding:1024' };
  expect(embeddingGathersCandidates(embedder)).toBe(false);
  expect(embeddingGathersCandidates(remote)).toBe(true);
  const target = { number: 1, title: 'Bookmarks sidebar crashes on open', body: 'Opening the bookmarks sidebar crashes the browser.' };
  const fillers = Array.from({ length: 45 }, (_, i) => ({ number: 10 + i, title: `Bookmarks sidebar note ${i}`, body: `A remark about the bookmarks sidebar, number ${i}.` }));
  const [vector] = (await embedder.embed([`${target.title}\n\n${target.body}`])) as [number[]];
  for (const [repoId, into] of [[107, store], [108, createVectorStore(db.pool, remote)]] as const) {
    await load(repoId, [target, ...fillers], into);
    await into.save({ repoId, number: 2, contentHash: 'h2', vector, title: 'Zebra quantum tulip', body: 'Ostrich marmalade.' });
    const found = (await into.similar({ repoId, number: 1, limit: 60 })).find((s) => s.number === 2);
    if (repoId === 107) expect(found).toBeUndefined();
    else expect(found).toMatchObject({ lexical: 0, semantic: 1 });
  }
});

test('deleted and transferred issues are never offered', async () => {
  await load(106, CORPUS.slice(0, 5));
  await db.pool.query(
    `INSERT INTO issues (repo_id, repo_full_name, number, workflow_id, title, state) VALUES (106, 'o/r', 1, 'wf-106-1', $1, 'deleted')`,
    [CORPUS[0]!.title],
  );
  expect((await store.similar({ repoId: 106, number: 5, limit: 5 })).map((s) => s.number)).not.toContain(1);
});
