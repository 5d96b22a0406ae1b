import { issueEmbeddingText, issueTextHash } from '../ai/content-hash';
import type { Embedder } from '../ai/types';
import type { Pool } from '../db/pool';
import type { VectorStore } from '../search/vector-store';

const EMBED_BATCH = 32;

/**
 * Stores issues as one repository the way the pipeline's embed step does (embedding, then the vector
 * store's save with its lexical index), oldest first so document frequencies grow as they would have.
 */
export async function loadIssues(deps: {
  vectors: VectorStore;
  embedder: Embedder;
  repoId: number;
  issues: { number: number; title: string; body: string }[];
  progress?: (done: number, total: number) => void;
}): Promise<void> {
  const ordered = [...deps.issues].sort((a, b) => a.number - b.number);
  const embed = (i: number) => {
    const batch = deps.embedder.embed(ordered.slice(i, i + EMBED_BATCH).map(issueEmbeddingText));
    batch.catch(() => undefined); // awaited below; a failure while the previous batch is stored is not unhandled
    return batch;
  };
  // The next batch is embedded (in the sentence model's thread, or by the provider) while this one is
  // stored, so loading takes about the longer of the two rather than their sum.
  let next = ordered.length > 0 ? embed(0) : undefined;
  for (let i = 0; i < ordered.length; i += EMBED_BATCH) {
    const embedded = await next!;
    next = i + EMBED_BATCH < ordered.length ? embed(i + EMBED_BATCH) : undefined;
    for (const [k, issue] of ordered.slice(i, i + EMBED_BATCH).entries()) {
      await deps.vectors.save({ repoId: deps.repoId, number: issue.number, contentHash: issueTextHash(issue), vector: embedded[k]!, title: issue.title, body: issue.body });
    }
    deps.progress?.(Math.min(i + EMBED_BATCH, ordered.length), ordered.length);
  }
}

/** Removes what `loadIssues` wrote for a repository (evaluations and benchmarks on a shared database). */
export async function deleteLoadedIssues(pool: Pool, repoId: number): Promise<void> {
  for (const table of ['issue_terms', 'issue_embeddings', 'repo_term_df', 'repo_term_docs']) {
    await pool.query(`DELETE FROM ${table} WHERE repo_id = $1`, [repoId]);
  }
}
