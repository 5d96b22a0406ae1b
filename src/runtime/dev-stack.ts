import type { Config } from '../config';
import type { Logger, LoggerOptions } from '../log';
import { startHostedThread } from './hosted-thread';
import type { MetricsReply, MetricsRequest, ServerThreadData, ServerThreadReady } from './server-thread';
import { startStack, type Stack } from './stack';
import { lowerThreadPriority } from './thread-priority';

const BACKGROUND_NICE = 10;

// `dev` runs everything in one process, but not on one event loop. The worker's activities (the offline
// model, the database writes' results, the Temporal worker's own work) keep the main thread busy, and a
// webhook that arrived behind them waited for each one: measured at 20 deliveries/s, the acks spent about
// half their time outside the handler. The HTTP server gets a thread of its own, as the embedded database
// already has, and attaches to the main thread's database and Temporal server like a `server` process.

export async function startDevStack(opts: { config: Config; env: NodeJS.ProcessEnv; log: Logger; logOptions: LoggerOptions }): Promise<Stack> {
  const main = await startStack({
    config: opts.config, log: opts.log, server: false, worker: true, devHost: true,
    metrics: { role: 'dev', defaultMetrics: true, serveWorkerMetrics: false },
  });
  let server;
  try {
    server = await startHostedThread<ServerThreadReady>({
      dir: __dirname, name: 'server-thread', what: 'the HTTP server',
      workerData: { env: opts.env, logOptions: opts.logOptions } satisfies ServerThreadData,
      onMessage: (msg, worker) => {
        const request = msg as MetricsRequest;
        if (request?.kind !== 'metrics-request') return;
        main.registry.metrics().then(
          (text) => worker.postMessage({ kind: 'metrics', id: request.id, text } satisfies MetricsReply),
          (err: Error) => worker.postMessage({ kind: 'metrics', id: request.id, text: `# worker metrics failed: ${err.message}\n` } satisfies MetricsReply),
        );
      },
    });
  } catch (err) {
    await main.stop();
    throw err;
  }
  const keep = new Set([server.ready.threadId, main.embeddedDbThreadId].filter((t): t is number => t !== undefined));
  // The Temporal dev server too; the supervisor restarts it from the lowered main thread, so a new one
  // starts lowered.
  const temporalPid = main.temporalDevServerPid?.();
  const lowered = lowerThreadPriority(process.pid, BACKGROUND_NICE, keep) + (temporalPid ? lowerThreadPriority(temporalPid, BACKGROUND_NICE) : 0);
  opts.log.info({ lowered, nice: BACKGROUND_NICE }, 'the worker and Temporal run at a lower priority than webhook acks');
  const failed = Promise.race([main.failed, server.exited]);
  failed.catch(() => undefined);
  return {
    ...main,
    serverUrl: opts.config.publicUrl ?? server.ready.serverUrl,
    metricsUrl: server.ready.metricsUrl,
    failed,
    async stop() {
      // Webhooks stop first, so nothing is accepted that the stopping worker could not pick up.
      await server.stop().catch((err: unknown) => opts.log.error({ err }, 'error while stopping the HTTP server'));
      await main.stop();
    },
  };
}
