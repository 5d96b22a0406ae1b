import type { Pool } from '../src/db/pool';
import { contentFacts, isDeliveryProcessed } from '../src/issues/reads';

export interface DedupeInput {
  deliveryId: string;
  repoId: number;
  number: number;
  contentHash: string;
}

export interface DedupeResult {
  /** This delivery's effect is already stored: a redelivery. */
  deliveryProcessed: boolean;
  /** This exact text was already classified for this issue. */
  contentClassified: boolean;
  /** Another issue of the repository has exactly this text. */
  exactDuplicateOf: number | null;
}

/** Exact dedupe, before any model is called: by delivery id and by content hash. */
export function createDedupe(deps: { pool: Pool }) {
  return async function dedupe(input: DedupeInput): Promise<DedupeResult> {
    const [deliveryProcessed, facts] = await Promise.all([
      isDeliveryProcessed(deps.pool, input.deliveryId),
      contentFacts(deps.pool, input.repoId, input.number, input.contentHash),
    ]);
    return { deliveryProcessed, contentClassified: facts.classified, exactDuplicateOf: facts.sameAs };
  };
}
