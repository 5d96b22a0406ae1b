import { issueTextHash } from '../src/ai/content-hash';
import type { Pool } from '../src/db/pool';
import { contentFacts, isDeliveryProcessed } from '../src/issues/reads';

export interface DedupeInput {
  deliveryId: string;
  repoId: number;
  number: number;
  title: string;
  body: string;
}

export interface DedupeResult {
  /** Hash of the title and body, the key of classifications and vectors. */
  contentHash: string;
  /** This delivery's effect is already stored: a redelivery. */
  deliveryProcessed: boolean;
  /** This exact text was already classified for this issue. */
  contentClassified: boolean;
  /** Another issue of the repository has exactly this text. */
  exactDuplicateOf: number | null;
}

/** Exact dedupe, the first step for every event: by delivery id, and by content hash. */
export function createDedupe(deps: { pool: Pool }) {
  return async function dedupe(input: DedupeInput): Promise<DedupeResult> {
    const contentHash = issueTextHash(input);
    const [deliveryProcessed, facts] = await Promise.all([
      isDeliveryProcessed(deps.pool, input.deliveryId),
      contentFacts(deps.pool, input.repoId, input.number, contentHash),
    ]);
    return { contentHash, deliveryProcessed, contentClassified: facts.classified, exactDuplicateOf: facts.sameAs };
  };
}
