import { parentPort, workerData } from 'node:worker_threads';
import { serveEmbeddedDatabase, type EmbeddedDatabaseOptions } from './embedded-server';

// The embedded database's own thread (see embedded.ts): serve, report the port, stop on request.

export type HostMessage = { kind: 'ready'; url: string; port: number } | { kind: 'failed'; message: string } | { kind: 'stopped' };

async function main(): Promise<void> {
  const port = parentPort!;
  try {
    const db = await serveEmbeddedDatabase(workerData as EmbeddedDatabaseOptions);
    port.on('message', (msg: unknown) => {
      if (msg !== 'stop') return;
      db.stop().then(
        () => port.postMessage({ kind: 'stopped' } satisfies HostMessage),
        (err: unknown) => port.postMessage({ kind: 'failed', message: String((err as Error)?.message ?? err) } satisfies HostMessage),
      );
    });
    port.postMessage({ kind: 'ready', url: db.url, port: db.port } satisfies HostMessage);
  } catch (err) {
    port.postMessage({ kind: 'failed', message: String((err as Error)?.message ?? err) } satisfies HostMessage);
  }
}

void main();
