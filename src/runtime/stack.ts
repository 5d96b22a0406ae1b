import type { WorkflowBundleOption } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import type { Logger } from '../log';
import { createTriageModel } from '../ai/create-triage-model';
import { readCacheStats } from '../ai/cache';
import { openDatabase } from '../db/open';
import { createPool } from '../db/pool';
import { PRIORITY_APPLICATION } from '../db/session-queue';
import { createTemporalClientProvider, temporalWorkflowLink } from '../temporal/connect';
import { createTriageClient } from '../temporal/triage-client';
import { startForwarder } from '../inbox/forwarder';
import { startInboxPruner } from '../inbox/pruner';
import { toDeliverySignal } from '../inbox/signal';
import { createInboxStore } from '../inbox/store';
import { createRepoRateLimiter } from '../http/rate-limit';
import { startAiCachePruner } from '../ai/cache/prune';
import { createGithubClients } from '../github/client';
import { createWriteBackStore } from '../github/write-back-store';
import { createLedgerStore } from '../github/ledger-store';
import { createDuplicateCloseStore } from '../github/duplicate-close-store';
import { createIssueReader } from '../issues/reads';
import { createAccuracyReader } from '../issues/accuracy-reads';
import { startServer } from './server';
import { provideTemporal } from './temporal-endpoint';
import { startWorker } from './worker';
import { createProcessRegistry, createServerMetrics } from '../metrics/server-metrics';
import { startMetricsServer } from '../metrics/metrics-server';

export interface StackOptions {
  config: Config;
  log: Logger;
  server: boolean;
  worker: boolean;
  /** The dev stack: host the embedded database and the Temporal dev server in this process. */
  devHost?: boolean;
  workflowBundle?: WorkflowBundleOption;
  pollMs?: number;
  /** Where this process's metrics come from when the dev stack splits into threads (dev-stack.ts). */
  metrics?: {
    role: string;
    /** Node's process metrics: once per process, so in one thread only. */
    defaultMetrics: boolean;
    /** A worker without a server of its own serves METRICS_PORT unless another thread serves its figures. */
    serveWorkerMetrics: boolean;
    /** Another thread's figures, appended to this server's /metrics. */
    alsoCollect?: () => Promise<string>;
  };
}

export interface Stack {
  serverUrl: string | undefined;
  /** Where Prometheus scrapes this process: the server's /metrics, or the worker's METRICS_PORT. */
  metricsUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  databaseUrl: string;
  registry: Registry;
  /** The embedded database's thread, when this process hosts it. */
  embeddedDbThreadId?: number;
  /** The Temporal dev server process, when this process started it. */
  temporalDevServerPid?: () => number | undefined;
  /** Rejects if a part fails after start (the worker); never resolves otherwise. */
  failed: Promise<never>;
  stop(): Promise<void>;
}

/** Starts what a role needs, in dependency order, and stops it in reverse. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const { config, log } = opts;
  const stops: (() => Promise<void>)[] = [];
  let fail: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => log.error({ err }, 'error while stopping'));
  };
  try {
    const temporal = await provideTemporal(config, log, { hostDevServer: opts.devHost ?? false });
    stops.push(temporal.stop);
    const db = await openDatabase(config, log, { host: opts.devHost });
    stops.push(db.close);
    const temporalLink = temporalWorkflowLink(temporal.uiUrl, config.temporal.namespace);
    const metrics = createProcessRegistry(opts.metrics?.role ?? (opts.server ? (opts.worker ? 'dev' : 'server') : 'worker'), { defaultMetrics: opts.metrics?.defaultMetrics ?? true });
    let metricsUrl = '';
    if (opts.worker) {
      const model = await createTriageModel({ config, pool: db.pool, log });
      const worker = await startWorker({
        address: temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue,
        pool: db.pool, model, temporalLink, similarSemanticWeight: config.similarSemanticWeight, log, workflowBundle: opts.workflowBundle, metrics,
        github: createGithubClients(config.github, log), repoConfigTtlMs: config.github.repoConfigTtlMs,
      });
      // A worker that stopped polling leaves a process that looks alive and does nothing: the command
      // exits instead, so a supervisor (compose, systemd, Kubernetes) restarts it.
      worker.done.catch((err: unknown) => {
        log.fatal({ err }, 'worker failed');
        fail(err);
      });
      stops.push(worker.stop);
      const cachePruner = startAiCachePruner({ pool: db.pool, config, log });
      stops.push(cachePruner.stop);
      if (!opts.server && (opts.metrics?.serveWorkerMetrics ?? true)) {
        const metricsServer = await startMetricsServer({ registry: metrics, port: config.metricsPort, host: config.host, token: config.metricsToken });
        stops.push(metricsServer.stop);
        metricsUrl = metricsServer.url;
      }
    }
    let serverUrl: string | undefined;
    if (opts.server) {
      const client = createTemporalClientProvider({ address: temporal.address, namespace: config.temporal.namespace });
      stops.push(client.close);
      const triage = createTriageClient({ temporal: client, taskQueue: config.temporal.taskQueue, options: {
        idleTimeoutMs: config.workflowIdleTimeoutMs,
        maxHistoryEvents: config.workflowMaxHistoryEvents,
        nearDuplicateThreshold: config.nearDuplicateThreshold,
        remoteModel: Boolean(config.ai.openaiApiKey),
        githubWriteBack: config.github.writeBack,
      } });
      // Webhook acks get connections of their own, which the embedded database serves first.
      const ingestPool = createPool(db.url, 4, PRIORITY_APPLICATION);
      stops.push(() => ingestPool.end());
      const inbox = createInboxStore(db.pool);
      const forwarder = await startForwarder({
        pool: db.pool, store: inbox, log,
        send: async (d) => void (await triage.sendDelivery(d, toDeliverySignal(d))),
      });
      stops.push(forwarder.stop);
      const pruner = startInboxPruner({ store: inbox, retentionMs: config.inboxRetentionMs, log });
      stops.push(pruner.stop);
      const server = await startServer({
        pool: db.pool, databaseUp: () => db.pool.query('SELECT 1'),
        issues: createIssueReader(db.pool, temporalLink), accuracy: createAccuracyReader(db.pool), writeBack: createWriteBackStore(db.pool), ledger: createLedgerStore(db.pool), closes: createDuplicateCloseStore(db.pool),
        triage, inbox: createInboxStore(ingestPool), forwarder, temporal: client, webhookSecrets: config.webhookSecrets, dashboardToken: config.dashboardToken ?? '',
        rateLimiter: createRepoRateLimiter({ pool: ingestPool, pointsPerMinute: config.webhookRateLimit.perMinute, burst: config.webhookRateLimit.burst, log }),
        cacheStats: () => readCacheStats(db.pool), log, port: config.port, host: config.host, pollMs: opts.pollMs,
        dashboardPublicRead: config.dashboardPublicRead, metrics: createServerMetrics(metrics, { pool: db.pool, inbox, alsoCollect: opts.metrics?.alsoCollect }), metricsToken: config.metricsToken,
        accuracyGracePeriodMs: config.accuracyGracePeriodMs,
      });
      stops.push(server.stop);
      serverUrl = config.publicUrl ?? server.url;
      metricsUrl = `${server.url}/metrics`;
    }
    return { serverUrl, metricsUrl, temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl, databaseUrl: db.url, registry: metrics, embeddedDbThreadId: db.embedded?.threadId, temporalDevServerPid: temporal.devServerPid, failed, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
