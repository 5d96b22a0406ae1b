import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../src/temporal/dev-server';
import { postgresUser, type RunAs } from './system-user';
import { stopChild } from './child-process';

export interface PostgresCluster {
  port: number;
  /** A connection URL for the superuser `postgres` and the given database. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Each ancestor must let others through, or the PostgreSQL user cannot reach the binaries (e.g. under /root). */
function reachableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

function ownedDir(dir: string, runAs: RunAs | undefined): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
  return dir;
}

/**
 * A fresh PostgreSQL cluster under `baseDir` (which must be reachable by others when running as root),
 * on a free loopback port, trust auth for loopback: a throwaway cluster for one test file.
 */
export async function startPostgres(opts: {
  installDir: string;
  /** What must be copied with installDir when it is out of the PostgreSQL user's reach (default: installDir). */
  bundleRoot?: string;
  baseDir: string;
  name: string;
  settings?: Record<string, string>;
}): Promise<PostgresCluster> {
  const runAs = postgresUser();
  let install = opts.installDir;
  if (runAs && !reachableByOthers(install)) {
    const root = opts.bundleRoot ?? opts.installDir;
    const copy = path.join(opts.baseDir, `${opts.name}-install`);
    fs.cpSync(root, copy, { recursive: true });
    install = path.join(copy, path.relative(root, opts.installDir));
  }
  const bin = (name: string) => path.join(install, 'bin', name);
  const data = ownedDir(path.join(opts.baseDir, `${opts.name}-data`), runAs);
  const sockets = ownedDir(path.join(opts.baseDir, `${opts.name}-sockets`), runAs);
  const ids = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  const init = spawnSync(bin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { ...ids, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb for ${opts.name} failed: ${init.stderr || init.error?.message}`);

  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: sockets, max_connections: '300', ...opts.settings };
  const logFile = path.join(opts.baseDir, `${opts.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(bin('postgres'), ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], { ...ids, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL ${opts.name} exited with ${child.exitCode} while starting; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    const client = new Client({ connectionString: url('postgres') });
    const up = await client.connect().then(() => true, () => false);
    await client.end().catch(() => undefined);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`PostgreSQL ${opts.name} did not accept connections within 30 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    },
    // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the cluster is left consistent.
    stop: () => stopChild(child, 'SIGINT', 20_000),
  };
}

