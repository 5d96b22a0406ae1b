import type { Config } from '../config';
import type { Logger, LoggerOptions } from '../log';
import { startHostedThread } from '../support/hosted-thread';
import type { MetricsReply, MetricsRequest, ServerThreadData, ServerThreadReady } from './server-thread';
import { startStack, type Stack } from './stack';
import { lowerThreadPriority } from '../support/thread-priority';

const BACKGROUND_NICE = 10;

// `dev` runs everything in one process. With webhooks handled on the worker's event loop, and the worker,
// the Temporal dev server and the acks competing for the same cores at the same priority, an ack waited
// for a core behind pipeline work: at 20 deliveries/s, p50 7.6 ms and p99 45 ms. So the HTTP server gets
// a thread of its own, as the embedded database already has, attached to the main thread's database and
// Temporal server like a `server` process; and the worker's threads and the Temporal dev server run at a
// lower priority than those two (thread-priority.ts): p50 5.7 ms, p99 18 ms in the same measurement. The
// thread alone, without the priorities, changed nothing. The forwarder stays with the server (moving it
// to the lowered main thread measured no different).

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
