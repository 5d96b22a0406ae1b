import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { scramVerifier } from './scram';
import { SessionQueue } from './session-queue';
import { serveWireSession, type WireSessionEvent } from './wire-session';

export interface EmbeddedDatabase {
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres: a secret, print it masked (maskUrlPassword). */
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
  /** The password every client must prove (SCRAM-SHA-256); undefined generates one for this run. */
  password?: string;
  /** A session holding the backend idle this long is closed and rolled back (EMBEDDED_IDLE_TX_TIMEOUT). */
  idleTxTimeoutMs?: number;
}

/**
 * Runs PGlite (PostgreSQL compiled to WASM, with pgvector) in the calling thread and serves it on
 * loopback with the PostgreSQL wire protocol, so the same `pg` code runs against it and against a real
 * server. Every query runs synchronously on this thread: see embedded.ts, which gives it a thread of its
 * own. Loopback is not a boundary (any local user or container sharing the network namespace reaches
 * it), so clients authenticate with the password, as they would with PostgreSQL's scram-sha-256.
 */
export async function serveEmbeddedDatabase(opts: EmbeddedDatabaseOptions, report: (event: WireSessionEvent) => void = () => undefined): Promise<EmbeddedDatabase> {
  if (opts.dataDir) await fs.mkdir(path.dirname(opts.dataDir), { recursive: true, mode: 0o700 });
  const password = opts.password ?? randomBytes(24).toString('base64url');
  const verifier = scramVerifier(password);
  const db = await PGlite.create({ dataDir: opts.dataDir, extensions: { vector } });
  const queue = new SessionQueue(db, { idleTimeoutMs: opts.idleTxTimeoutMs ?? 10_000 });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveWireSession(socket, { queue, verifier, report });
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
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
