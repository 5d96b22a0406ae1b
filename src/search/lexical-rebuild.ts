import { issueTextHash } from '../ai/content-hash';
import type { Logger } from '../log';
import { upsertLexical } from './lexical-index';
import type { Pool } from '../db/pool';
import { SEARCH_WORDS_RECIPE } from './search-text';

// The words index is made by a recipe (search-text.ts); a new recipe makes the stored words, the
// document frequencies and the vectors weighted with them disagree with what new issues get. Unlike a
// change of embedder, indexing the words again calls no model and costs nothing but time, so a worker
// that starts does it itself, before it takes any work (`reembed --words-only` does it on demand).

// Any constant: several workers starting together index the words once.
const REINDEX_LOCK = 72_416_024;

/** The recipe the stored words were indexed by, and whether any are. */
async function storedRecipe(pool: Pool): Promise<{ recipe: string | null; indexed: boolean }> {
  const { rows } = await pool.query<{ value: string | null; indexed: boolean }>(
    "SELECT (SELECT value #>> '{}' FROM settings WHERE key = 'lexical_recipe') AS value, EXISTS (SELECT 1 FROM issue_terms WHERE repo_id > 0) AS indexed",
  );
  return { recipe: rows[0]?.value ?? null, indexed: rows[0]?.indexed ?? false };
}

/**
 * Makes the stored words agree with this version's recipe: records it on a database with none indexed,
 * and indexes them again when an older recipe made them (resolves what it did).
 */
export async function ensureLexicalIndex(pool: Pool, log: Logger): Promise<'current' | 'recorded' | 'reindexed'> {
  const first = await storedRecipe(pool);
  if (first.recipe === SEARCH_WORDS_RECIPE) return 'current';
  if (!first.indexed) {
    await recordRecipe(pool);
    return 'recorded';
  }
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [REINDEX_LOCK]);
    // Another worker may have done it while this one waited for the lock.
    if ((await storedRecipe(pool)).recipe === SEARCH_WORDS_RECIPE) return 'current';
    log.warn({ from: first.recipe ?? 'an earlier version', to: SEARCH_WORDS_RECIPE }, 'the stored words were indexed by an older recipe of the similar-issue search; indexing them again (no model is called)');
    const done = await rebuildLexicalIndex(pool, log);
    log.info(done, 'words indexed again');
    return 'reindexed';
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [REINDEX_LOCK]).catch(() => undefined);
    client.release();
  }
}

/**
 * Indexes every stored issue's words anew, one repository per transaction, oldest issue first, so each
 * repository's document frequencies come out exactly as the pipeline would have written them. A
 * repository's writers wait for its transaction; other repositories carry on.
 */
export async function rebuildLexicalIndex(pool: Pool, log: Logger): Promise<{ repositories: number; issues: number; seconds: number }> {
  const started = Date.now();
  const { rows: repos } = await pool.query<{ repo_id: string }>(
    "SELECT DISTINCT repo_id FROM (SELECT repo_id FROM issues WHERE state <> 'deleted' UNION SELECT repo_id FROM repo_term_docs) r WHERE repo_id > 0 ORDER BY repo_id",
  );
  let issues = 0;
  for (const { repo_id } of repos) {
    const repoId = Number(repo_id);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const table of ['issue_terms', 'repo_term_df', 'repo_term_docs']) await client.query(`DELETE FROM ${table} WHERE repo_id = $1`, [repoId]);
      const { rows } = await client.query<{ number: number; title: string; body: string; content_hash: string | null }>(
        "SELECT number, title, body, content_hash FROM issues WHERE repo_id = $1 AND state <> 'deleted' ORDER BY number", [repoId],
      );
      for (const r of rows) await upsertLexical(client, { repoId, number: r.number, contentHash: r.content_hash ?? issueTextHash(r), title: r.title, body: r.body });
      await client.query('COMMIT');
      issues += rows.length;
      log.info({ repoId, issues: rows.length }, 'words indexed again');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  await recordRecipe(pool);
  return { repositories: repos.length, issues, seconds: (Date.now() - started) / 1000 };
}

async function recordRecipe(pool: Pool): Promise<void> {
  await pool.query(
    "INSERT INTO settings (key, value) VALUES ('lexical_recipe', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [JSON.stringify(SEARCH_WORDS_RECIPE)],
  );
}
