import type { PoolClient } from 'pg';
import { cacheEmbedder, createResultCache, reportsCost } from '../ai/cache';
import { issueEmbeddingText, issueTextHash } from '../ai/content-hash';
import { createConfiguredEmbedder } from '../ai/create-triage-model';
import type { Embedder } from '../ai/types';
import { loadConfig } from '../config';
import { ensureEmbedder } from '../ai/embedder-record';
import { toVectorLiteral } from '../search/embeddings';
import { rebuildLexicalIndex } from '../search/lexical-rebuild';
import { openDatabase } from '../db/open';
import type { Pool } from '../db/pool';
import { createLogger, type Logger } from '../log';
import { UsageError, type Command } from './command';

export interface ReembedResult {
  embedderId: string;
  embedded: number;
  /** Vectors of other embedders whose issue is gone or deleted, removed in the swap. */
  removed: number;
  seconds: number;
}

/**
 * Builds every vector anew in a staging table first and swaps them in with one transaction, so an
 * interrupted run leaves the old vectors (and the old embedder setting) intact. The command embeds
 * through the cache for paid providers, so a run repeated after a failure does not pay twice.
 */
export async function reembedIssues(deps: { pool: Pool; embedder: Embedder; batchSize: number; log: Logger }): Promise<ReembedResult> {
  const { pool, embedder, log } = deps;
  const started = Date.now();
  const client = await pool.connect();
  try {
    await client.query('DROP TABLE IF EXISTS pg_temp.reembed_staging');
    await client.query('CREATE TEMP TABLE reembed_staging (repo_id bigint, number integer, content_hash text, embedding vector, PRIMARY KEY (repo_id, number))');
    const { rows: countRows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM issues WHERE state <> 'deleted'");
    const total = countRows[0]?.n ?? 0;
    let embedded = 0;
    let after: [number, number] = [-1, -1];
    for (;;) {
      const { rows } = await client.query<{ repo_id: number; number: number; title: string; body: string; content_hash: string | null }>(
        `SELECT repo_id, number, title, body, content_hash FROM issues
          WHERE state <> 'deleted' AND (repo_id, number) > ($1, $2) ORDER BY repo_id, number LIMIT $3`,
        [after[0], after[1], deps.batchSize],
      );
      const last = rows[rows.length - 1];
      if (!last) break;
      const vectors = await embedder.embed(rows.map(issueEmbeddingText));
      await client.query(
        `INSERT INTO reembed_staging SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[]::vector[])
         ON CONFLICT (repo_id, number) DO NOTHING`,
        [rows.map((r) => r.repo_id), rows.map((r) => r.number), rows.map((r) => r.content_hash ?? issueTextHash(r)), vectors.map(toVectorLiteral)],
      );
      embedded += rows.length;
      after = [last.repo_id, last.number];
      log.info({ embedded, total, embedder: embedder.id }, 'reembed progress');
    }
    const removed = await swap(client, embedder);
    await client.query('DROP TABLE IF EXISTS pg_temp.reembed_staging');
    // Same rules as start-up: verifies no foreign vectors remain and builds the index for the dimension.
    await ensureEmbedder(pool, embedder);
    return { embedderId: embedder.id, embedded, removed, seconds: (Date.now() - started) / 1000 };
  } finally {
    client.release();
  }
}

async function swap(client: PoolClient, embedder: Embedder): Promise<number> {
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO issue_embeddings (repo_id, number, embedder, dims, content_hash, embedding, updated_at)
       SELECT repo_id, number, $1, $2, content_hash, embedding, now() FROM reembed_staging
       ON CONFLICT (repo_id, number) DO UPDATE SET embedder = EXCLUDED.embedder, dims = EXCLUDED.dims,
         content_hash = EXCLUDED.content_hash, embedding = EXCLUDED.embedding, updated_at = now()`,
      [embedder.id, embedder.dimensions],
    );
    const removed = await client.query('DELETE FROM issue_embeddings WHERE embedder <> $1', [embedder.id]);
    await client.query(
      `INSERT INTO settings (key, value) VALUES ('embedder', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify({ id: embedder.id, dims: embedder.dimensions })],
    );
    await client.query('COMMIT');
    return removed.rowCount ?? 0;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function parseArgs(argv: string[]): { batchSize: number; wordsOnly: boolean } {
  let batchSize = 128;
  let wordsOnly = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--words-only') {
      wordsOnly = true;
    } else if (arg === '--batch-size') {
      batchSize = Number(argv[(i += 1)]);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2048) throw new UsageError('--batch-size must be a whole number from 1 to 2048');
    } else {
      throw new UsageError(`Unknown argument ${arg}`);
    }
  }
  return { batchSize, wordsOnly };
}

export const reembedCommand: Command = {
  name: 'reembed',
  summary: 'Rebuild every stored issue vector with the configured embedder, and the words index (after changing provider, model or version)',
  usage: 'reembed [--batch-size N] [--words-only]   (stop the workers first: they would keep writing vectors of the old embedder)\n  --words-only   index the words of the similar-issue search again, and nothing else: no model is called',
  async run(argv, env) {
    const { batchSize, wordsOnly } = parseArgs(argv);
    const config = loadConfig(env);
    const log = createLogger(config.logLevel, 'reembed');
    const db = await openDatabase(config, log);
    try {
      const words = async () => {
        const w = await rebuildLexicalIndex(db.pool, log);
        process.stdout.write(`Indexed the words of ${w.issues} issues in ${w.repositories} repositories in ${w.seconds.toFixed(1)} s.\n`);
      };
      if (wordsOnly) {
        await words();
        return 0;
      }
      const bare = await createConfiguredEmbedder({ config });
      const embedder = reportsCost(bare) ? cacheEmbedder(bare, createResultCache({ pool: db.pool, size: config.ai.cacheSize, log })) : bare;
      const r = await reembedIssues({ pool: db.pool, embedder, batchSize, log });
      process.stdout.write(
        `Re-embedded ${r.embedded} issues with ${r.embedderId} in ${r.seconds.toFixed(1)} s; removed ${r.removed} vectors without a live issue.\n`,
      );
      await words();
      return 0;
    } finally {
      await db.close();
    }
  },
};
