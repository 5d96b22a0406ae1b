import path from 'node:path';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { TriageModel } from '../ai/types';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import type { TemporalLink } from '../issues/row-mapping';
import { routeSdkLogs } from '../temporal/sdk-logging';
import type { Registry } from 'prom-client';
import { instrumentNotify, registerWorkerSlots } from '../metrics/worker-metrics';
import type { GithubClients } from '../github/client';
import type { NotifySettings } from '../config/notify';
import { dropUnreadVectorIndex, startVectorIndexMaintenance } from '../search/vector-index';
import { embeddingGathersCandidates } from '../search/vector-store';
import { createSweepActivities } from '../../activities/sweep';
import type { SweepSettings } from '../config/github';
import { createInboxStore } from '../inbox/store';
import { createSweepStore } from '../sweep/store';

// The folder, not index.ts: the bundler resolves its index with .ts first, then .js, so the same path
// serves the sources (tsx, jest) and the compiled build (dist/workflows/index.js).
export const WORKFLOWS_PATH = path.join(__dirname, '..', '..', 'workflows');

export interface RunningWorker {
  /** Settles when the worker has stopped; rejects if it failed. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(deps: {
  address: string;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  model: TriageModel;
  temporalLink: TemporalLink;
  similarSemanticWeight?: number;
  github: GithubClients;
  repoConfigTtlMs: number;
  /** The reconciliation sweep's settings, and PUBLIC_URL, by which it finds a repository's webhook. */
  sweep: { settings: SweepSettings; publicUrl: string | undefined };
  log: Logger;
  /** A prebuilt workflow bundle (tests build one and share it); otherwise the worker bundles workflows/ at start. */
  workflowBundle?: WorkflowBundleOption;
  metrics?: Registry;
  /** The triage assistant's notifications (NOTIFY_*) and the dashboard's public address for their links. */
  notify?: NotifySettings;
  publicUrl?: string;
}): Promise<RunningWorker> {
  routeSdkLogs(deps.log);
  const connection = await NativeConnection.connect({ address: deps.address });
  const activities = {
    ...createActivities({ pool: deps.pool, model: deps.model, temporalLink: deps.temporalLink, similarSemanticWeight: deps.similarSemanticWeight, github: deps.github, repoConfigTtlMs: deps.repoConfigTtlMs, log: deps.log, notify: deps.notify, publicUrl: deps.publicUrl }),
    ...createSweepActivities({ store: createSweepStore(deps.pool), inbox: createInboxStore(deps.pool), github: deps.github, settings: deps.sweep.settings, publicUrl: deps.sweep.publicUrl, log: deps.log }),
  };
  if (deps.metrics) activities.notify = instrumentNotify(deps.metrics, activities.notify);
  const worker = await Worker.create({
    connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities,
    // Finish in-flight activities on shutdown rather than abandoning them to a timeout.
    shutdownGraceTime: '10s',
  });
  if (deps.metrics) registerWorkerSlots(deps.metrics, () => worker);
  // Only an embedding that gathers similar-issue candidates of its own reads the HNSW index.
  const { dimensions } = deps.model.embedder;
  const gathers = embeddingGathersCandidates(deps.model.embedder);
  if (!gathers && (await dropUnreadVectorIndex(deps.pool, dimensions))) deps.log.info({ dims: dimensions }, 'dropped the HNSW index that the offline embedding does not read');
  const indexMaintenance = gathers ? startVectorIndexMaintenance({ pool: deps.pool, dims: dimensions, log: deps.log }) : { stop: () => Promise.resolve() };
  const done = worker.run().finally(async () => {
    await indexMaintenance.stop();
    await connection.close();
  });
  deps.log.info({ taskQueue: deps.taskQueue }, 'worker started');
  return {
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
