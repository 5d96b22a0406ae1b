import type { Logger } from '../log';
import { runPeriodically } from '../support/periodic';
import type { Pool } from '../db/pool';
import { EXACT_SEARCH_MAX_ISSUES } from './similar-issues';

// The HNSW index over issue embeddings serves only repositories past EXACT_SEARCH_MAX_ISSUES, and only
// embeddings that gather similar-issue candidates of their own (a remote model; the offline embedding
// does not, see similar-issues.ts), so workers with the offline model never build it. Smaller
// repositories are searched exactly. Keeping it up costs every insert a graph walk (14 ms of the embedded
// database's single thread per issue, measured with 1,000 issues: three times the insert itself), so it
// is built when the first repository grows that large, not at start. Until it is ready, a large
// repository is searched exactly: slower, never wrong.

const indexName = (dims: number) => `issue_embeddings_hnsw_${dims}`;

function checkDims(dims: number): void {
  if (!Number.isInteger(dims) || dims <= 0 || dims > 2000) throw new Error(`Vector dimension ${dims} is outside 1..2000`);
}

/** True when the HNSW index for this dimension exists and is valid (a failed concurrent build leaves an invalid one). */
export async function vectorIndexReady(pool: Pool, dims: number): Promise<boolean> {
  return (await indexValidity(pool, dims)) === true;
}

/** undefined when there is no such index; false for one an interrupted concurrent build left invalid. */
async function indexValidity(pool: Pool, dims: number): Promise<boolean | undefined> {
  checkDims(dims);
  const { rows } = await pool.query<{ valid: boolean }>('SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)', [indexName(dims)]);
  return rows[0]?.valid;
}

/**
 * Builds the HNSW index over the vectors of one dimension (pgvector indexes need a fixed dimension).
 * CONCURRENTLY: on PostgreSQL the pipeline keeps writing while it builds. An invalid leftover of an
 * interrupted build is dropped first; IF NOT EXISTS makes a second worker's attempt a no-op.
 */
export async function ensureVectorIndex(pool: Pool, dims: number): Promise<void> {
  if ((await indexValidity(pool, dims)) === false) await pool.query(`DROP INDEX CONCURRENTLY IF EXISTS ${indexName(dims)}`);
  await pool.query(
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${indexName(dims)} ON issue_embeddings
     USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WHERE dims = ${dims}`,
  );
}

/**
 * Drops the index when the embedding does not gather candidates (the offline one): nothing reads it, and
 * keeping it up costs every insert a graph walk. An index built by an older version stays otherwise.
 */
export async function dropUnreadVectorIndex(pool: Pool, dims: number): Promise<boolean> {
  if ((await indexValidity(pool, dims)) === undefined) return false;
  await pool.query(`DROP INDEX CONCURRENTLY IF EXISTS ${indexName(dims)}`);
  return true;
}

/** Whether some repository is past exact search: then the index pays for itself. */
export async function vectorIndexNeeded(pool: Pool, exactMaxIssues = EXACT_SEARCH_MAX_ISSUES): Promise<boolean> {
  const { rows } = await pool.query<{ large: boolean }>('SELECT EXISTS (SELECT 1 FROM repo_term_docs WHERE docs > $1) AS large', [exactMaxIssues]);
  return rows[0]?.large === true;
}

/**
 * What a worker runs: at start and every `intervalMs` (default a minute), builds the index once a
 * repository needs it. Several workers may race; the loser's IF NOT EXISTS (or its error) is harmless.
 */
export function startVectorIndexMaintenance(deps: { pool: Pool; dims: number; log: Logger; exactMaxIssues?: number; intervalMs?: number }): { stop(): Promise<void> } {
  let ready = false;
  return runPeriodically(async () => {
    if (ready) return;
    try {
      if (await vectorIndexReady(deps.pool, deps.dims)) {
        ready = true;
        return;
      }
      if (!(await vectorIndexNeeded(deps.pool, deps.exactMaxIssues))) return;
      deps.log.info({ dims: deps.dims }, 'a repository is past exact similar-issue search: building the HNSW index');
      const started = Date.now();
      await ensureVectorIndex(deps.pool, deps.dims);
      ready = true;
      deps.log.info({ dims: deps.dims, ms: Date.now() - started }, 'HNSW index built');
    } catch (err) {
      deps.log.warn({ err }, 'building the HNSW index failed; large repositories are searched exactly meanwhile, trying again later');
    }
  }, deps.intervalMs ?? 60_000);
}
