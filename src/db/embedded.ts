import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HostMessage } from './embedded-host';
import type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-server';

export type { EmbeddedDatabase, EmbeddedDatabaseOptions } from './embedded-server';

// PGlite runs every query synchronously on the thread that owns it. In the dev stack that thread would
// be the one serving webhooks and running activities, so a webhook's insert would wait behind pipeline
// queries and they behind each other's CPU work. The database gets a thread of its own instead; the rest
// of the process reaches it over loopback like any PostgreSQL server.

const HOST_JS = path.join(__dirname, 'embedded-host.js');
const HOST_TS = path.join(__dirname, 'embedded-host.ts');

function spawnHost(options: EmbeddedDatabaseOptions): Worker {
  if (fs.existsSync(HOST_JS)) return new Worker(HOST_JS, { workerData: options });
  // Run from TypeScript sources (tsx, jest): the thread registers tsx's require hook before loading the host.
  const tsx = require.resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(HOST_TS)});`;
  return new Worker(code, { eval: true, workerData: options });
}

/** Starts PGlite with pgvector in a thread of its own, served on loopback; see embedded-server.ts. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const worker = spawnHost(options);
  const next = () =>
    new Promise<HostMessage>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the embedded database's thread exited (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (msg: HostMessage) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve(msg);
      });
    });
  const first = await next();
  if (first.kind !== 'ready') {
    await worker.terminate();
    throw new Error(first.kind === 'failed' ? first.message : 'the embedded database stopped while starting');
  }
  let stopping: Promise<void> | undefined;
  return {
    url: first.url,
    port: first.port,
    stop() {
      stopping ??= (async () => {
        const done = next();
        worker.postMessage('stop');
        const result = await done.catch((err: Error) => ({ kind: 'failed', message: err.message }) as HostMessage);
        await worker.terminate();
        if (result.kind === 'failed') throw new Error(`The embedded database did not stop cleanly: ${result.message}`);
      })();
      return stopping;
    },
  };
}
