import { workerData } from 'node:worker_threads';
import { hostInThread } from '../support/hosted-thread';
import { currentThreadId } from '../support/thread-priority';
import { serveEmbeddedDatabase, type EmbeddedDatabaseOptions } from './embedded-server';

// The embedded database's own thread (see embedded.ts).

export interface EmbeddedReady {
  url: string;
  port: number;
  threadId?: number;
}

hostInThread<EmbeddedReady>(async () => {
  const db = await serveEmbeddedDatabase(workerData as EmbeddedDatabaseOptions);
  return { ready: { url: db.url, port: db.port, threadId: currentThreadId() }, stop: () => db.stop() };
});
