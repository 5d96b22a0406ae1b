import type { Pool } from '../src/db/pool';
import type { TriageModel } from '../src/ai/types';
import { createVectorStore, fusionWeightsFor, type VectorStore } from '../src/db/vector-store';
import { createDeliveryReader, type DeliveryReader } from '../src/inbox/delivery-reader';
import { createIssueStore, type IssueStore } from '../src/issues/store';
import type { TemporalLink } from '../src/issues/row-mapping';
import { createClassify } from './classify';
import { createDedupe } from './dedupe';
import { createEmbed, createFindNearDuplicates } from './embed';
import { createLearn } from './learn';
import { createNotify } from './notify';
import { createPersistence } from './persist';
import { createValidate } from './validate';

export interface ActivityDeps {
  pool: Pool;
  model: TriageModel;
  temporalLink: TemporalLink;
  /** SIMILAR_SEMANTIC_WEIGHT: the embedding's share of the similar-issue score; the embedder's default when absent. */
  similarSemanticWeight?: number;
}

/** What the activities work with: stores, not a pool, so tests can hand them in-memory ones. */
export interface ActivityStores {
  issues: IssueStore;
  vectors: VectorStore;
  deliveries: DeliveryReader;
  model: TriageModel;
}

/** Every activity the triage workflow calls, bound to the worker's database and model. */
export function createActivities(base: ActivityDeps) {
  return createActivitiesFromStores({
    issues: createIssueStore(base.pool, base.temporalLink),
    vectors: createVectorStore(base.pool, base.model.embedder, fusionWeightsFor(base.model.embedder, base.similarSemanticWeight)),
    deliveries: createDeliveryReader(base.pool),
    model: base.model,
  });
}

export function createActivitiesFromStores(deps: ActivityStores) {
  const persistence = createPersistence(deps);
  return {
    validate: createValidate(deps),
    dedupe: createDedupe(deps),
    embed: createEmbed(deps),
    findNearDuplicates: createFindNearDuplicates(deps),
    classify: createClassify(deps),
    persist: persistence.persist,
    persistCorrection: persistence.persistCorrection,
    loadState: persistence.loadState,
    learn: createLearn(deps),
    notify: createNotify(deps),
  };
}

export type TriageActivities = ReturnType<typeof createActivitiesFromStores>;
