import type { Embedder } from '../ai/types';
import type { Pool } from '../db/pool';
import { findSimilar, storedContentHash, upsertEmbedding, type SimilarRow } from './embeddings';
import { upsertLexical } from './lexical-index';
import { countRepoIssues, findSimilarHybrid, type FusionWeights, type ScoredSimilarRow } from './similar-issues';
import { vectorIndexReady } from './vector-index';

// Once built, the HNSW index stays; until then it is looked for at most this often.
const INDEX_RECHECK_MS = 30_000;
// A repository's size only chooses between exact and indexed search, which rank alike, so a count up to
// this old is good enough and saves every similar-issue query a round trip.
const SIZE_RECHECK_MS = 30_000;
const SIZES_KEPT = 10_000;

/** The issue vectors of one embedder: what the embed, near-duplicate and few-shot steps read and write. */
export interface VectorStore {
  /** The content hash the issue's stored vector was made from, if it has one. */
  storedContentHash(repoId: number, number: number): Promise<string | undefined>;
  /** Stores the issue's embedding and its lexical index entry. */
  save(row: { repoId: number; number: number; contentHash: string; vector: number[]; title: string; body: string }): Promise<void>;
  /** Similar issues of the repository, best first, by the fused lexical and embedding score. */
  similar(q: { repoId: number; number: number; limit: number }): Promise<ScoredSimilarRow[]>;
  /** Nearest issues by embedding alone, exactly: what the few-shot examples (corrected issues) need. */
  nearest(q: { repoId: number; number: number; limit: number; correctedOnly?: boolean }): Promise<SimilarRow[]>;
}

// Measured with `eval --duplicates` on the SeaMonkey reports (README): the hashed offline embedding is
// the weaker side (recall@5 0.55 alone against 0.76 for the words); a small share, 0.2, still helps an
// edited copy that the words alone rank lower. A sentence model (offline or remote) understands
// paraphrases the words miss, and gets an even share: not tuned, and on the SeaMonkey reports the
// offline sentence model's recall@5 stays at 0.79-0.82 for any share from 0.2 to 0.6.
export const HASHED_FUSION: FusionWeights = { lexical: 0.8, semantic: 0.2 };
export const SENTENCE_FUSION: FusionWeights = { lexical: 0.5, semantic: 0.5 };

const isOffline = (embedder: Embedder): boolean => embedder.id.startsWith('offline:');
const isHashed = (embedder: Embedder): boolean => embedder.id.startsWith('offline:hash-');

/** Whether the embedding gathers similar-issue candidates beside the words (see similar-issues.ts). */
export function embeddingGathersCandidates(embedder: Embedder): boolean {
  return !isOffline(embedder);
}

export function fusionWeightsFor(embedder: Embedder, semanticWeight?: number): FusionWeights {
  if (semanticWeight !== undefined) return { lexical: 1 - semanticWeight, semantic: semanticWeight };
  return isHashed(embedder) ? HASHED_FUSION : SENTENCE_FUSION;
}

export function createVectorStore(
  pool: Pool,
  embedder: Embedder,
  weights: FusionWeights = fusionWeightsFor(embedder),
  /** Repositories up to this size are searched exactly (EXACT_SEARCH_MAX_ISSUES); evaluations lower it to measure the indexes. */
  exactMaxIssues?: number,
): VectorStore {
  let indexSeen = false;
  let checkedAt = -Infinity;
  const indexReady = async (): Promise<boolean> => {
    if (indexSeen || Date.now() - checkedAt < INDEX_RECHECK_MS) return indexSeen;
    checkedAt = Date.now();
    indexSeen = await vectorIndexReady(pool, embedder.dimensions);
    return indexSeen;
  };
  const embeddingCandidates = embeddingGathersCandidates(embedder);
  const sizes = new Map<number, { issues: number; at: number }>();
  const repoIssues = async (repoId: number): Promise<number> => {
    const known = sizes.get(repoId);
    if (known && Date.now() - known.at < SIZE_RECHECK_MS) return known.issues;
    const issues = await countRepoIssues(pool, repoId);
    if (sizes.size >= SIZES_KEPT) sizes.clear();
    sizes.set(repoId, { issues, at: Date.now() });
    return issues;
  };
  return {
    storedContentHash: (repoId, number) => storedContentHash(pool, repoId, number, embedder),
    async save(row) {
      await upsertEmbedding(pool, { ...row, embedder });
      await upsertLexical(pool, { repoId: row.repoId, number: row.number, contentHash: row.contentHash, title: row.title, body: row.body });
    },
    similar: (q) => findSimilarHybrid(pool, { ...q, embedder, weights, exactMaxIssues, embeddingCandidates, vectorIndexReady: indexReady, repoIssues }),
    nearest: (q) => findSimilar(pool, { ...q, embedder }),
  };
}
