import type { Pool } from '../src/db/pool';
import type { TriageModel } from '../src/ai/types';
import { createVectorStore, fusionWeightsFor, type VectorStore } from '../src/search/vector-store';
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
import { createLabelCorrection } from './label-correction';
import { createTypeCorrection } from './type-correction';
import { createCloseDuplicate } from './duplicate-close';
import { createDuplicateObjections } from './duplicate-objection';
import { createDuplicateCloseStore, type DuplicateCloseStore } from '../src/github/duplicate-close-store';
import { createWriteBack, type WriteBackInput, type WriteBackResult } from './write-back';
import type { GithubClients } from '../src/github/client';
import type { Logger } from '../src/log';
import { createRepoConfigSource, type RepoConfigSource } from '../src/github/repo-config-source';
import { createRepoIdentity } from '../src/github/repo-identity';
import { createWriteBackStore, type WriteBackStore } from '../src/github/write-back-store';
import { createPermissionChecker } from '../src/github/collaborator-permission';
import { createWriteGuard } from '../src/github/write-guard';
import type { WriteTargetDeps } from '../src/github/write-target';
import { createLedgerStore, type LedgerStore } from '../src/github/ledger-store';
import { activeNotifyEvents, type NotifySettings } from '../src/config/notify';
import { createAssistantStore } from '../src/assistant/store';
import { createNotificationSender } from '../src/notifications/sender';
import { createNotificationStore } from '../src/notifications/store';
import { createAssistantActivities } from './assistant-activities';
import type { RepoConfig } from '../src/github/repo-config';
import { createBacktestStore } from '../src/duplicates/backtest-store';
import { createDuplicateThresholds, type DuplicateThresholds } from '../src/duplicates/duplicate-threshold';

export interface ActivityDeps {
  pool: Pool;
  model: TriageModel;
  temporalLink: TemporalLink;
  /** SIMILAR_SEMANTIC_WEIGHT: the embedding's share of the similar-issue score; the embedder's default when absent. */
  similarSemanticWeight?: number;
  github: GithubClients;
  /** How long a repository's .github/triageflow.yml is trusted before it is read again. */
  repoConfigTtlMs: number;
  log: Logger;
  /** NOTIFY_*: the triage assistant's notifications; none when absent. */
  notify?: NotifySettings;
  /** PUBLIC_URL, for links to the dashboard in notifications. */
  publicUrl?: string;
}

/** What the activities work with: stores, not a pool, so tests can hand them in-memory ones. */
export interface ActivityStores {
  issues: IssueStore;
  vectors: VectorStore;
  deliveries: DeliveryReader;
  model: TriageModel;
  /** Each repository's duplicate threshold: its settings, its last backtest, or the global default. */
  thresholds: DuplicateThresholds;
}

/** Every activity the triage workflow calls, bound to the worker's database and model. */
export function createActivities(base: ActivityDeps): TriageActivities {
  const writeBacks = createWriteBackStore(base.pool);
  const backtests = createBacktestStore(base.pool);
  const stores: ActivityStores = {
    issues: createIssueStore(base.pool, base.temporalLink),
    vectors: createVectorStore(base.pool, base.model.embedder, fusionWeightsFor(base.model.embedder, base.similarSemanticWeight)),
    deliveries: createDeliveryReader(base.pool),
    model: base.model,
    thresholds: createDuplicateThresholds({
      configOf: async (repoFullName) => ((await writeBacks.cachedConfig(repoFullName, 0))?.config as RepoConfig | null | undefined) ?? null,
      autoThreshold: (repoId) => backtests.autoThreshold(repoId),
    }),
  };
  const repoConfigs = createRepoConfigSource({
    github: base.github, store: writeBacks, ttlMs: base.repoConfigTtlMs, log: base.log,
    rememberLabels: (repoId, labels) => stores.issues.rememberLabels(repoId, labels),
  });
  const ledger = createLedgerStore(base.pool);
  // Every write resolves its target through the repository's identity and its App installation
  // (write-target.ts): one of each for the worker, so write-back, the close and the assistant share their caches.
  const writeChecks = { repoIdentity: createRepoIdentity(base.github), writeGuard: createWriteGuard(base.github) };
  const notify = base.notify ?? { webhookUrl: undefined, secret: undefined, events: [] };
  const assistant = createAssistantActivities({
    ...stores, github: base.github, repoConfigs, assistant: createAssistantStore(base.pool), notifications: createNotificationStore(base.pool),
    sender: createNotificationSender(notify), notifyEvents: activeNotifyEvents(notify), publicUrl: base.publicUrl,
    ledger, ...writeChecks, ttlMs: base.repoConfigTtlMs, log: base.log,
  });
  return {
    ...createActivitiesFromStores(stores),
    ...createGithubActivities({ ...stores, ...writeChecks, github: base.github, writeBacks, ledger, closes: createDuplicateCloseStore(base.pool), repoConfigs }),
    ...assistant,
  };
}

/** The activities that talk to GitHub: ordinary (not local) activities, as they call the network. */
export function createGithubActivities(deps: Pick<ActivityStores, 'issues' | 'deliveries'> & WriteTargetDeps & { writeBacks: WriteBackStore; ledger: LedgerStore; closes: DuplicateCloseStore; repoConfigs: RepoConfigSource }) {
  const writeBack = createWriteBack(deps);
  return {
    writeBack,
    /**
     * The same step without credentials: it can only record a dry run (or hold for review) and touches
     * no network, so it runs as a local activity, a marker instead of a task round trip on the server.
     * Null means credentials are configured and the workflow calls the remote `writeBack`.
     */
    writeBackWithoutCredentials: async (input: WriteBackInput): Promise<WriteBackResult | null> => (deps.github.configured ? null : writeBack(input)),
    labelCorrection: createLabelCorrection({ ...deps, permissions: createPermissionChecker(deps.github) }),
    typeCorrection: createTypeCorrection(deps),
    closeDuplicate: createCloseDuplicate(deps),
    ...createDuplicateObjections(deps),
    /** Shows a write-back whose retries ran out as failed, with the reason, in the API and dashboard. */
    recordWriteBackFailure: (input: { repoId: number; number: number; reason: string }) => deps.writeBacks.markFailed(input.repoId, input.number, input.reason),
  };
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
    /** Deliveries the workflow could not handle (its retries ran out) go to the inbox's dead letter. */
    parkDeliveries: (input: { deliveryIds: string[]; reason: string }) => deps.deliveries.park(input.deliveryIds, input.reason),
  };
}

export type TriageActivities = ReturnType<typeof createActivitiesFromStores> & ReturnType<typeof createGithubActivities> & ReturnType<typeof createAssistantActivities>;
