import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { createLogger, type LoggerOptions } from '../log';
import { hostInThread } from '../support/hosted-thread';
import { startStack } from './stack';
import { currentThreadId } from '../support/thread-priority';

// The dev stack's HTTP server in a thread of its own (see dev-stack.ts): webhooks, API, dashboard,
// socket.io and the inbox forwarder, attached to the embedded database and Temporal dev server that the
// main thread hosts, as a separate `server` process would attach to them.

export interface ServerThreadData {
  env: NodeJS.ProcessEnv;
  logOptions: LoggerOptions;
}

export interface ServerThreadReady {
  serverUrl: string;
  metricsUrl: string;
  threadId?: number;
}

export type MetricsRequest = { kind: 'metrics-request'; id: number };
export type MetricsReply = { kind: 'metrics'; id: number; text: string };

/** The main thread's figures (the worker's and the process's), for this server's /metrics. */
function parentMetrics(): () => Promise<string> {
  const port = parentPort!;
  const waiting = new Map<number, (text: string) => void>();
  let lastId = 0;
  port.on('message', (msg: MetricsReply | unknown) => {
    const reply = msg as MetricsReply;
    if (reply?.kind !== 'metrics') return;
    waiting.get(reply.id)?.(reply.text);
    waiting.delete(reply.id);
  });
  return () => new Promise<string>((resolve) => {
    const id = ++lastId;
    waiting.set(id, resolve);
    port.postMessage({ kind: 'metrics-request', id } satisfies MetricsRequest);
  });
}

hostInThread<ServerThreadReady>(async () => {
  const { env, logOptions } = workerData as ServerThreadData;
  const stack = await startStack({
    config: loadConfig(env), log: createLogger(logOptions), server: true, worker: false,
    metrics: { role: 'dev', defaultMetrics: false, serveWorkerMetrics: false, alsoCollect: parentMetrics() },
  });
  return { ready: { serverUrl: stack.serverUrl!, metricsUrl: stack.metricsUrl, threadId: currentThreadId() }, stop: stack.stop };
});
