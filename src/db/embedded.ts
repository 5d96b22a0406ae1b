import type { Logger } from '../log';
import { startHostedThread } from '../support/hosted-thread';
import type { EmbeddedEventMessage, EmbeddedReady } from './embedded-host';
import type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-server';

export type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-server';

// PGlite runs every query synchronously on the thread that owns it. In the dev stack that thread would
// be the one serving webhooks and running activities, so a webhook's insert would wait behind pipeline
// queries and they behind each other's CPU work. The database gets a thread of its own instead; the rest
// of the process reaches it over loopback like any PostgreSQL server.

/** Starts PGlite with pgvector in a thread of its own, served on loopback; see embedded-server.ts. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions, log?: Logger): Promise<EmbeddedDatabase> {
  const thread = await startHostedThread<EmbeddedReady>({
    dir: __dirname, name: 'embedded-host', what: 'the embedded database', workerData: options,
    onMessage: (msg) => {
      const m = msg as EmbeddedEventMessage;
      if (m?.kind !== 'session-event' || !log) return;
      const { level, message, ...fields } = m.event;
      log[level]({ component: 'embedded-db', ...fields }, message);
    },
  });
  return { ...thread.ready, stop: () => thread.stop() };
}
