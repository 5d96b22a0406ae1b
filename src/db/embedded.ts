import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WASM, with pgvector) in this process and serves it on loopback
 * with the PostgreSQL wire protocol, so the same `pg` code runs against it and against a real server.
 * `dataDir` undefined keeps it in memory (tests).
 */
export async function startEmbeddedDatabase(opts: { dataDir?: string; port?: number }): Promise<EmbeddedDatabase> {
  if (opts.dataDir) await fs.mkdir(path.dirname(opts.dataDir), { recursive: true });
  const db = await PGlite.create({ dataDir: opts.dataDir, extensions: { vector } });
  // PGlite has one backend; the socket server multiplexes connections onto it, a transaction at a time.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: 64 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`Port ${opts.port} for the embedded database is in use. Stop the other process, or set EMBEDDED_DB_PORT to a free port (0 picks one).`);
    }
    throw err;
  }
  const address = (server as unknown as { server?: { address(): { port: number } | string | null } }).server?.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
