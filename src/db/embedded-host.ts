import { parentPort, workerData } from 'node:worker_threads';
import { hostInThread } from '../support/hosted-thread';
import { currentThreadId } from '../support/thread-priority';
import { serveEmbeddedDatabase, type EmbeddedDatabaseOptions } from './embedded-server';
import type { WireSessionEvent } from './wire-session';

// The embedded database's own thread (see embedded.ts). Its sessions' log lines (a refused password, a
// malformed message, an idle transaction closed) go to the parent's logger as messages.

export interface EmbeddedReady {
  url: string;
  port: number;
  threadId?: number;
}

export type EmbeddedEventMessage = { kind: 'session-event'; event: WireSessionEvent };

hostInThread<EmbeddedReady>(async () => {
  const report = (event: WireSessionEvent) => parentPort!.postMessage({ kind: 'session-event', event } satisfies EmbeddedEventMessage);
  const db = await serveEmbeddedDatabase(workerData as EmbeddedDatabaseOptions, report);
  return { ready: { url: db.url, port: db.port, threadId: currentThreadId() }, stop: () => db.stop() };
});
