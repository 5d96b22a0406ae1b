import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { SessionQueue } from './session-queue';
import { serveWireSession } from './wire-session';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** The kernel thread that runs it, when it has one of its own (embedded.ts). */
  threadId?: number;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Undefined keeps it in memory (tests). */
  dataDir?: string;
  /** 0 or undefined picks a free port. */
  port?: number;
}

/**
 * Runs PGlite (PostgreSQL compiled to WASM, with pgvector) in the calling thread and serves it on
 * loopback with the PostgreSQL wire protocol, so the same `pg` code runs against it and against a real
 * server. Every query runs synchronously on this thread: see embedded.ts, which gives it a thread of its own.
 */
export async function serveEmbeddedDatabase(opts: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (opts.dataDir) await fs.mkdir(path.dirname(opts.dataDir), { recursive: true });
  const db = await PGlite.create({ dataDir: opts.dataDir, extensions: { vector } });
  const queue = new SessionQueue(db);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveWireSession(socket, queue);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await db.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${opts.port} for the embedded database is in use. Stop the other process, or set EMBEDDED_DB_PORT to a free port (0 picks one).`);
    }
    throw err;
  }
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
