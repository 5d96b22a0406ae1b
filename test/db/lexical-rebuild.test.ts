import { upsertLexical } from '../../src/search/lexical-index';
import { ensureLexicalIndex } from '../../src/search/lexical-rebuild';
import { SEARCH_WORDS_RECIPE } from '../../src/search/search-text';
import { silentLogger } from '../../src/log';
import { CORPUS } from './similar-corpus';
import { startTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => db?.stop());

const REPO = 70;
const FRESH = 71;

async function seedIssues(): Promise<void> {
  for (const i of CORPUS) {
    await db.pool.query(
      `INSERT INTO issues (repo_id, repo_full_name, number, workflow_id, title, body, state, content_hash) VALUES ($1, 'acme/words', $2, $3, $4, $5, $6, $7)`,
      [REPO, i.number, `w-${i.number}`, i.title, i.body, i.number === 8 ? 'deleted' : 'open', `hash-${i.number}`],
    );
  }
}

const dfOf = async (repoId: number) => (await db.pool.query('SELECT lexeme, df FROM repo_term_df WHERE repo_id = $1 AND df > 0 ORDER BY lexeme', [repoId])).rows;
const termsOf = async (repoId: number) => (await db.pool.query('SELECT number, lexemes, terms::text AS terms FROM issue_terms WHERE repo_id = $1 ORDER BY number', [repoId])).rows;

test('a database with no words indexed records the recipe and starts', async () => {
  await expect(ensureLexicalIndex(db.pool, silentLogger)).resolves.toBe('recorded');
  const { rows } = await db.pool.query("SELECT value FROM settings WHERE key = 'lexical_recipe'");
  expect(rows[0].value).toBe(SEARCH_WORDS_RECIPE);
});

test('words indexed by an older recipe are indexed again at start, exactly as the pipeline would write them', async () => {
  await seedIssues();
  // What an older version left: other words for each issue, and no recipe recorded.
  for (const i of CORPUS) await upsertLexical(db.pool, { repoId: REPO, number: i.number, contentHash: 'old', title: `old ${i.title}`, body: 'stale words' });
  await db.pool.query("DELETE FROM settings WHERE key = 'lexical_recipe'");
  await expect(ensureLexicalIndex(db.pool, silentLogger)).resolves.toBe('reindexed');
  await expect(ensureLexicalIndex(db.pool, silentLogger)).resolves.toBe('current');

  // The same live issues written oldest first into a fresh repository give the same index.
  for (const i of CORPUS.filter((c) => c.number !== 8)) await upsertLexical(db.pool, { repoId: FRESH, number: i.number, contentHash: `hash-${i.number}`, title: i.title, body: i.body });
  expect(await dfOf(REPO)).toEqual(await dfOf(FRESH));
  expect(await termsOf(REPO)).toEqual(await termsOf(FRESH));
  const docs = await db.pool.query('SELECT repo_id, docs FROM repo_term_docs WHERE repo_id IN ($1, $2) ORDER BY repo_id', [REPO, FRESH]);
  expect(docs.rows.map((r) => r.docs)).toEqual([7, 7]);
  expect((await dfOf(REPO)).map((r) => r.lexeme)).not.toContain('stale');
});
