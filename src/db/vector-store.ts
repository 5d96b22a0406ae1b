import type { Embedder } from '../ai/types';
import type { Pool } from './pool';
import { findSimilar, storedContentHash, upsertEmbedding, type SimilarRow } from './embeddings';

/** The issue vectors of one embedder: what the embed, near-duplicate and few-shot steps read and write. */
export interface VectorStore {
  /** The content hash the stored vector was made from, if it has one. */
  storedContentHash(repoId: number, number: number): Promise<string | undefined>;
  save(row: { repoId: number; number: number; contentHash: string; vector: number[]; title: string }): Promise<void>;
  /** Nearest issues of the repository to the stored vector, nearest first. */
  nearest(q: { repoId: number; number: number; limit: number; correctedOnly?: boolean }): Promise<SimilarRow[]>;
}

export function createVectorStore(pool: Pool, embedder: Embedder): VectorStore {
  return {
    storedContentHash: (repoId, number) => storedContentHash(pool, repoId, number, embedder),
    save: (row) => upsertEmbedding(pool, { ...row, embedder }),
    nearest: (q) => findSimilar(pool, { ...q, embedder }),
  };
}
