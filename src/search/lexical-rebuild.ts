import { issueTextHash } from '../ai/content-hash';
import type { Logger } from '../log';
import { upsertLexical } from './lexical-index';
import type { Pool } from '../db/pool';
import { SEARCH_WORDS_RECIPE } from './search-text';

// The words index is made by a recipe (search-text.ts); a new recipe makes the stored words, the
// document frequencies and the vectors weighted with them disagree with what new issues get. Like a
// change of embedder, start-up then stops until `reembed` (or `reembed --words-only`) rebuilds them.

export class LexicalRecipeError extends Error {
  override name = 'LexicalRecipeError';
}

/** Records the recipe of a database with no words indexed yet; refuses one whose words an older recipe made. */
export async function ensureLexicalRecipe(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ value: string | null; indexed: boolean }>(
    "SELECT (SELECT value #>> '{}' FROM settings WHERE key = 'lexical_recipe') AS value, EXISTS (SELECT 1 FROM issue_terms WHERE repo_id > 0) AS indexed",
  );
  const stored = rows[0]?.value ?? null;
  if (stored === SEARCH_WORDS_RECIPE) return;
  if (rows[0]?.indexed) {
    throw new LexicalRecipeError(
      `The words of the stored issues were indexed by ${stored ?? 'an earlier version'} of the similar-issue search; this version indexes them as ${SEARCH_WORDS_RECIPE}. `
        + 'Run `npm run cli -- reembed --words-only` (with the workers stopped) to index them again; it reads the stored issues and calls no model.',
    );
  }
  await recordRecipe(pool);
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
