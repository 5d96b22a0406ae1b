import { createBacktestStore } from '../duplicates/backtest-store';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { ConfigError, type Config } from '../config';
import type { Logger } from '../log';
import { createTriageModel } from '../ai/create-triage-model';
import { ensureLexicalIndex } from '../search/lexical-rebuild';
import { readCacheStats } from '../ai/cache';
import { openDatabase } from '../db/open';
import { createPool, type Pool } from '../db/pool';
import { createRepoSecretStore, RepoSecretError } from '../github/repo-secrets';
import { webhookSecretsKey } from '../github/repo-secrets-key';
import { SecretBoxError } from '../github/secret-box';
import { createInflightBudget } from '../http/webhook-body';
import { PRIORITY_APPLICATION } from '../db/session-queue';
import { createTemporalClientProvider, temporalWorkflowLink } from '../temporal/connect';
import { activeNotifyEvents } from '../config/notify';
import { createAssistantStore } from '../assistant/store';
import { createNotificationStore } from '../notifications/store';
import { createTriageClient } from '../temporal/triage-client';
import { startForwarder } from '../inbox/forwarder';
import { startInboxPruner } from '../inbox/pruner';
import { toDeliverySignal } from '../inbox/signal';
import { createInboxStore } from '../inbox/store';
import { paceOf } from '../inbox/pace';
import { createRepoQuota } from '../inbox/quota';
import { createOutageCheck } from '../temporal/outage';
import { startAiCachePruner } from '../ai/cache/prune';
import { createGithubClients } from '../github/client';
import { createWriteBackStore } from '../github/write-back-store';
import { createLedgerStore } from '../github/ledger-store';
import { createDuplicateCloseStore } from '../github/duplicate-close-store';
import { createIssueReader } from '../issues/reads';
import { createAccuracyReader } from '../issues/accuracy-reads';
import { createCorrectionRequests } from '../issues/correction-requests';
import { startServer } from './server';
import { provideTemporal } from './temporal-endpoint';
import { startWorker } from './worker';
import { createProcessRegistry, createServerMetrics } from '../metrics/server-metrics';
import { startMetricsServer } from '../metrics/metrics-server';
import { applySweepSchedule, describeSweepSchedule } from '../temporal/sweep-schedule';
import { createSweepStatus, sweepOffReason } from '../sweep/status';
import { createSweepStore } from '../sweep/store';
import { withTimeout } from '../support/with-timeout';

// An ack waits at most 2 s on the database (webhook-router.ts answers 503 then); the ingest pool drops a
// connection whose statement took that long, so whatever held it up does not hold the next ack too.
const INGEST_DB_DEADLINE_MS = 2_000;

/** Per-repository webhook secrets; a missing or wrong WEBHOOK_SECRETS_KEY stops the server at start, not at the first delivery. */
async function openRepoSecrets(pool: Pool, config: Config) {
  const store = createRepoSecretStore(pool, webhookSecretsKey(config));
  await store.verifyKey().catch((err: unknown) => {
    throw err instanceof RepoSecretError || err instanceof SecretBoxError ? new ConfigError([`WEBHOOK_SECRETS_KEY: ${(err as Error).message}`]) : err;
  });
  return store;
}

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
      // Words indexed by an older recipe of the similar-issue search are indexed again before any work.
      await ensureLexicalIndex(db.pool, log);
      const github = createGithubClients(config.github, log);
      const worker = await startWorker({
        address: temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue,
        pool: db.pool, model, temporalLink, similarSemanticWeight: config.similarSemanticWeight, log, workflowBundle: opts.workflowBundle, metrics,
        github, repoConfigTtlMs: config.github.repoConfigTtlMs, sweep: { settings: config.github.sweep, publicUrl: config.publicUrl },
        notify: config.notify, publicUrl: config.publicUrl,
      });
      // A worker that stopped polling leaves a process that looks alive and does nothing: the command
      // exits instead, so a supervisor (compose, systemd, Kubernetes) restarts it.
      worker.done.catch((err: unknown) => {
        log.fatal({ err }, 'worker failed');
        fail(err);
      });
      stops.push(worker.stop);
      await scheduleSweep(config, temporal.address, github.configured, log);
      const cachePruner = startAiCachePruner({ pool: db.pool, config, log });
      stops.push(cachePruner.stop);
      if (!opts.server && (opts.metrics?.serveWorkerMetrics ?? true)) {
        const metricsServer = await startMetricsServer({ registry: metrics, port: config.metricsPort, host: config.guard.metricsHost, token: config.metricsToken });
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
        // The triage assistant rides on write-back: GITHUB_WRITE_BACK=0 leaves both out.
        ...(config.github.writeBack ? { assistant: { notifyEvents: activeNotifyEvents(config.notify) } } : {}),
      } });
      // Webhook acks get connections of their own, which the embedded database serves first, and a
      // deadline: GitHub waits 10 s, and a 503 lets it redeliver, where a hung ack loses the delivery.
      const ingestPool = createPool(db.url, 4, PRIORITY_APPLICATION, { deadlineMs: INGEST_DB_DEADLINE_MS });
      stops.push(() => ingestPool.end());
      const inbox = createInboxStore(db.pool);
      const ingestInbox = createInboxStore(ingestPool);
      const repoSecrets = await openRepoSecrets(db.pool, config);
      const pace = paceOf(config.webhookRateLimit);
      const forwarder = await startForwarder({
        pool: db.pool, store: inbox, log, pace, maxAttempts: config.inbox.maxAttempts, isOutage: createOutageCheck(client),
        send: async (d) => void (await triage.sendDelivery(d, toDeliverySignal(d))),
      });
      stops.push(forwarder.stop);
      const pruner = startInboxPruner({ store: inbox, retentionMs: config.inboxRetentionMs, log });
      stops.push(pruner.stop);
      const server = await startServer({
        pool: db.pool, databaseUp: () => db.pool.query('SELECT 1'),
        issues: createIssueReader(db.pool, temporalLink), accuracy: createAccuracyReader(db.pool), backtests: createBacktestStore(db.pool), writeBack: createWriteBackStore(db.pool),
        ledger: createLedgerStore(db.pool), closes: createDuplicateCloseStore(db.pool),
        triage, inbox, ingestInbox, correctionRequests: createCorrectionRequests(db.pool), forwarder, temporal: client, webhookSecrets: config.webhookSecrets, dashboardToken: config.dashboardToken ?? '',
        quota: createRepoQuota({ store: ingestInbox, quota: config.inbox.repoQuota, pace }),
        webhookGuard: { inflight: createInflightBudget(config.guard.webhookMaxInflightBytes), repoSecrets, repoAllowlist: config.guard.repoAllowlist },
        cacheStats: () => readCacheStats(db.pool), log, port: config.port, host: config.host, pollMs: opts.pollMs,
        dashboardPublicRead: config.dashboardPublicRead, metrics: createServerMetrics(metrics, { pool: db.pool, inbox, alsoCollect: opts.metrics?.alsoCollect }), metricsToken: config.metricsToken,
        accuracyGracePeriodMs: config.accuracyGracePeriodMs,
        assistant: createAssistantStore(db.pool), notifications: createNotificationStore(db.pool),
        sweepStatus: createSweepStatus({
          store: createSweepStore(db.pool), configured: createGithubClients(config.github, log).configured, intervalMs: config.github.sweep.intervalMs, log,
          schedule: async () => describeSweepSchedule(await withTimeout(client.get(), 2_000, 'Temporal did not answer within 2000 ms'), config.temporal.taskQueue),
        }),
      });
      stops.push(server.stop);
      serverUrl = config.publicUrl ?? server.url;
      // /metrics on the public port wants METRICS_TOKEN; METRICS_PORT serves it on METRICS_HOST (loopback).
      const metricsServer = await startMetricsServer({
        registry: metrics, port: config.metricsPort, host: config.guard.metricsHost, token: config.metricsToken, alsoCollect: opts.metrics?.alsoCollect,
      });
      stops.push(metricsServer.stop);
      metricsUrl = metricsServer.url;
    }
    return { serverUrl, metricsUrl, temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl, databaseUrl: db.url, registry: metrics, embeddedDbThreadId: db.embedded?.threadId, temporalDevServerPid: temporal.devServerPid, failed, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Creates or updates the sweep's schedule, or removes it when the sweep is off. A failure is logged, not
 * fatal: triage does not depend on the sweep, and the dashboard shows the schedule missing.
 */
async function scheduleSweep(config: Config, address: string, configured: boolean, log: Logger): Promise<void> {
  const temporal = createTemporalClientProvider({ address, namespace: config.temporal.namespace });
  try {
    const { intervalMs } = config.github.sweep;
    await applySweepSchedule(await temporal.get(), { taskQueue: config.temporal.taskQueue, intervalMs, off: sweepOffReason({ configured, intervalMs }) }, log);
  } catch (err) {
    log.error({ err }, 'the sweep schedule could not be created or updated: the sweep does not run until a worker starts and succeeds');
  } finally {
    await temporal.close();
  }
}
