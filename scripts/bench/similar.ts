import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConfiguredEmbedder } from '../../src/ai/create-triage-model';
import { percentile } from '../../src/ai/offline/evaluation/metrics';
import { seededRandom } from '../../src/ai/offline/classifier/rng';
import { loadConfig } from '../../src/config';
import { ensureVectorIndex } from '../../src/search/vector-index';
import { startEmbeddedDatabase } from '../../src/db/embedded';
import { migrate } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { similarSql } from '../../src/search/similar-issues';
import { createVectorStore, embeddingGathersCandidates } from '../../src/search/vector-store';
import { deleteLoadedIssues, loadIssues } from '../../src/duplicates/load-issues';
import { syntheticIssues } from './synthetic-issues';

/**
 * Similar-issue query latency at scale: N synthetic issues in one repository of a fresh embedded
 * database (DATABASE_URL when set), loaded through the pipeline's vector store, then the pipeline's
 * similar-issue query for a sample of them. The GIN index (and the HNSW index, for an embedding that
 * gathers candidates) is dropped while loading and built once after, as pgvector advises for bulk loads;
 * the query plan is checked to use them.
 */
export async function runSimilarBench(opts: { issues: number; queries: number }): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-bench-similar-'));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedDatabase({ dataDir });
  const pool = createPool(process.env.DATABASE_URL ?? embedded!.url, 2);
  const repoId = process.env.DATABASE_URL ? -Date.now() : 1;
  try {
    await migrate(pool);
    // The embedder the pipeline would use here (OFFLINE_EMBEDDER, OPENAI_API_KEY).
    const embedder = await createConfiguredEmbedder({ config: loadConfig(process.env) });
    const vectors = createVectorStore(pool, embedder);
    await pool.query('DROP INDEX IF EXISTS issue_terms_lexemes');
    await pool.query(`DROP INDEX IF EXISTS issue_embeddings_hnsw_${embedder.dimensions}`);
    const issues = syntheticIssues(opts.issues);
    const loadStart = performance.now();
    let reported = 0;
    await loadIssues({
      vectors, embedder, repoId, issues,
      progress: (done, total) => {
        if (done - reported < 5000 && done < total) return;
        reported = done;
        process.stderr.write(`loaded ${done}/${total} (${(done / ((performance.now() - loadStart) / 1000)).toFixed(0)}/s)\n`);
      },
    });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const indexStart = performance.now();
    await pool.query("SET maintenance_work_mem = '512MB'");
    await pool.query('CREATE INDEX IF NOT EXISTS issue_terms_lexemes ON issue_terms USING gin (lexemes) WITH (fastupdate = off)');
    // As the workers do: only an embedding that gathers candidates of its own has the HNSW index.
    const embeddingCandidates = embeddingGathersCandidates(embedder);
    if (embeddingCandidates) await ensureVectorIndex(pool, embedder.dimensions);
    await pool.query('ANALYZE issue_terms; ANALYZE issue_embeddings');
    const indexSeconds = (performance.now() - indexStart) / 1000;

    const random = seededRandom(11);
    const sample = Array.from({ length: opts.queries }, () => issues[Math.floor(random() * issues.length)]!.number);
    for (const n of sample.slice(0, 10)) await vectors.similar({ repoId, number: n, limit: 5 }); // warm-up
    const times: number[] = [];
    for (const n of sample) {
      const t = performance.now();
      await vectors.similar({ repoId, number: n, limit: 5 });
      times.push(performance.now() - t);
    }
    // The plan as the store runs it: seq scans are turned off only when the HNSW index has to be taken.
    const client = await pool.connect();
    await client.query(embeddingCandidates ? 'BEGIN; SET LOCAL enable_seqscan = off' : 'BEGIN');
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${similarSql(embedder.dimensions, true, embeddingCandidates)}`, [repoId, sample[0], embedder.id]);
    await client.query('COMMIT');
    client.release();
    const { rows: size } = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes');
    const round = (x: number) => Number(x.toFixed(2));
    process.stdout.write(`${JSON.stringify({
      mode: 'similar', embedder: embedder.id, issues: opts.issues, queries: times.length,
      queryP50Ms: round(percentile(times, 0.5)), queryP99Ms: round(percentile(times, 0.99)), queryMaxMs: round(Math.max(...times)),
      loadSeconds: round(loadSeconds), loadPerSecond: round(opts.issues / loadSeconds), indexBuildSeconds: round(indexSeconds),
      databaseMB: round(Number(size[0]!.bytes) / 1024 / 1024),
      indexesUsed: ['issue_terms_lexemes', `issue_embeddings_hnsw_${embedder.dimensions}`].filter((i) => plan.some((r) => r['QUERY PLAN'].includes(i))),
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded (PGlite)', cpus: os.cpus().length, cpu: os.cpus()[0]?.model,
    }, null, 2)}\n`);
  } finally {
    if (process.env.DATABASE_URL) await deleteLoadedIssues(pool, repoId);
    await pool.end();
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
