import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import { readLiveFile, removeLiveFile, writeLiveFile } from '../support/live-file';
import { maskUrlPassword } from '../support/mask-url';
import { ensurePrivateDir } from '../support/private-files';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
import { startEmbeddedMaintenance } from './embedded-maintenance';
import { embeddedDatabasePassword } from './embedded-password';
import { migrate } from './migrate';
import { createPool, type Pool } from './pool';

export interface Database {
  pool: Pool;
  url: string;
  /** Set when this process hosts the embedded database. */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

const runtimeFile = (dataDir: string) => path.join(dataDir, 'embedded-db.json');

/** The URL of the embedded database a running dev stack in DATA_DIR serves, if one is running. */
export const runningEmbeddedDatabaseUrl = (dataDir: string): string | undefined => readLiveFile<{ url: string }>(runtimeFile(dataDir))?.url;

/**
 * DATABASE_URL set: that server. Otherwise the embedded database under DATA_DIR: attach to the one a
 * running `dev` process hosts (it leaves its port in DATA_DIR), or host it here. Migrations run either way.
 */
export async function openDatabase(config: Config, log: Logger, opts: { host?: boolean; poolSize?: number } = {}): Promise<Database> {
  let url = config.databaseUrl;
  let embedded: EmbeddedDatabase | undefined;
  if (!url) {
    const running = readLiveFile<{ url: string }>(runtimeFile(config.dataDir));
    if (running && !opts.host) {
      url = running.url;
      log.info({ url: maskUrlPassword(url) }, 'using the embedded database of the running dev stack');
    } else {
      const dir = ensurePrivateDir(config.dataDir);
      if (dir.tightenedFrom !== undefined) log.warn({ dataDir: config.dataDir, mode: dir.tightenedFrom.toString(8) }, 'DATA_DIR was readable by other users; set to 0700');
      embedded = await startEmbeddedDatabase({
        dataDir: path.join(config.dataDir, 'pglite'), port: config.embeddedDbPort,
        password: embeddedDatabasePassword(config.dataDir), idleTxTimeoutMs: config.guard.embeddedIdleTxTimeoutMs,
      }, log);
      url = embedded.url;
      // The URL carries the password: the file is the owner's only, like the secrets beside it.
      writeLiveFile(runtimeFile(config.dataDir), { url }, { private: true });
      log.info({ url: maskUrlPassword(url) }, 'embedded database started');
    }
  }
  const pool = createPool(url, opts.poolSize);
  try {
    const { applied } = await migrate(pool);
    if (applied.length) log.info({ applied }, 'migrations applied');
  } catch (err) {
    await pool.end();
    await embedded?.stop();
    throw wrapConnectError(err, config);
  }
  // The process that hosts the embedded database does what autovacuum does for a PostgreSQL server.
  const maintenance = embedded ? startEmbeddedMaintenance({ pool, log }) : undefined;
  return {
    pool,
    url,
    embedded,
    async close() {
      await maintenance?.stop();
      await pool.end();
      if (embedded) {
        removeLiveFile(runtimeFile(config.dataDir));
        await embedded.stop();
      }
    },
  };
}

function wrapConnectError(err: unknown, config: Config): Error {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND') {
    return new Error(`Cannot reach PostgreSQL (${e.code}). ${config.databaseUrl ? 'Check DATABASE_URL and that the server is running.' : 'The embedded database did not answer; remove DATA_DIR/embedded-db.json if no dev stack is running.'}`);
  }
  if (/extension "vector"/.test(e.message ?? '')) {
    return new Error(`The database at DATABASE_URL has no pgvector extension: install pgvector (https://github.com/pgvector/pgvector) on that server, or unset DATABASE_URL to use the embedded database. (${e.message})`);
  }
  return e instanceof Error ? e : new Error(String(err));
}
