import type { SimilarIssue, TriageModel } from '../src/ai/types';
import { issueEmbeddingText } from '../src/ai/content-hash';
import type { VectorStore } from '../src/db/vector-store';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import { asModelFailure } from './errors';
import { readDelivery } from './read-delivery';

export interface EmbedInput {
  deliveryId: string;
  repoId: number;
  number: number;
  contentHash: string;
}

/** Embeds the issue and stores the vector; an unchanged text keeps its stored vector and calls no model. */
export function createEmbed(deps: { vectors: VectorStore; model: TriageModel; deliveries: DeliveryReader }) {
  return async function embed(input: EmbedInput): Promise<{ embedder: string; reused: boolean }> {
    const { embedder } = deps.model;
    if ((await deps.vectors.storedContentHash(input.repoId, input.number)) === input.contentHash) return { embedder: embedder.id, reused: true };
    const { issue } = await readDelivery(deps.deliveries, input.deliveryId);
    let vector: number[];
    try {
      [vector] = (await embedder.embed([issueEmbeddingText(issue)])) as [number[]];
    } catch (err) {
      throw asModelFailure(err);
    }
    await deps.vectors.save({ repoId: input.repoId, number: input.number, contentHash: input.contentHash, vector, title: issue.title });
    return { embedder: embedder.id, reused: false };
  };
}

/** Semantic near-duplicates: the nearest issues of the same repository by pgvector cosine distance. */
export function createFindNearDuplicates(deps: { vectors: VectorStore }) {
  return async function findNearDuplicates(input: { repoId: number; number: number; limit?: number }): Promise<SimilarIssue[]> {
    const rows = await deps.vectors.nearest({ repoId: input.repoId, number: input.number, limit: input.limit ?? 5 });
    // A text with no features embeds as the zero vector, whose cosine with anything is NaN: no similarity.
    return rows
      .filter((r) => Number.isFinite(r.similarity))
      .map((r) => ({ number: r.number, title: r.title, similarity: Number(r.similarity.toFixed(4)), state: r.state, category: r.category }));
  };
}
