import type { Pool } from '../src/db/pool';
import type { TriageModel } from '../src/ai/types';
import type { TemporalLink } from '../src/issues/row-mapping';
import { createDeliveryReader } from '../src/inbox/delivery-reader';
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
}

/** Every activity the triage workflow calls, bound to the worker's database and model. */
export function createActivities(base: ActivityDeps) {
  const deps = { ...base, deliveries: createDeliveryReader(base.pool) };
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

export type TriageActivities = ReturnType<typeof createActivities>;
