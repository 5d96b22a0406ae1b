import type { SimilarIssue } from '../src/domain/triage';
import type { TriageModel } from '../src/ai/types';
import { issueEmbeddingText } from '../src/ai/content-hash';
import type { VectorStore } from '../src/search/vector-store';
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
    await deps.vectors.save({ repoId: input.repoId, number: input.number, contentHash: input.contentHash, vector, title: issue.title, body: issue.body });
    return { embedder: embedder.id, reused: false };
  };
}

/** Near-duplicates: the most similar issues of the same repository by words and by embedding (src/search/similar-issues.ts). */
export function createFindNearDuplicates(deps: { vectors: VectorStore }) {
  return async function findNearDuplicates(input: { repoId: number; number: number; limit?: number }): Promise<SimilarIssue[]> {
    const rows = await deps.vectors.similar({ repoId: input.repoId, number: input.number, limit: input.limit ?? 5 });
    const round = (x: number) => Number(x.toFixed(4));
    return rows.map((r) => ({
      number: r.number, title: r.title, similarity: round(r.similarity), lexical: round(r.lexical), semantic: round(r.semantic), state: r.state, category: r.category,
    }));
  };
}
