import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { setupTemporalSchema } from '../../../scripts/production/temporal-schema';
import type { TemporalServerBuild } from '../../../scripts/production/temporal-server-build';
import { TEMPORAL_CONFIG_DIR } from '../../../scripts/production/versions';
import net from 'node:net';
import { ensureSearchAttributes } from '../../../src/temporal/search-attributes';
import { stopChild } from './child-process';
import { retryFor } from './retry';

export interface TemporalServer {
  address: string;
  pid(): number | undefined;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and database; resolves once it answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const PORT_VARIABLES = ['FRONTEND_GRPC_PORT', 'FRONTEND_HTTP_PORT', 'FRONTEND_MEMBERSHIP_PORT', 'HISTORY_GRPC_PORT', 'HISTORY_MEMBERSHIP_PORT',
  'MATCHING_GRPC_PORT', 'MATCHING_MEMBERSHIP_PORT', 'WORKER_GRPC_PORT', 'WORKER_MEMBERSHIP_PORT'];

/**
 * A free port below the ephemeral range: Temporal stores membership ports in a PostgreSQL smallint, so
 * one picked by the kernel for port 0 (32768 and up on Linux) fails its membership heartbeat.
 */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** The environment deploy/temporal/config.yaml reads, with every port free on this machine. */
async function serverEnv(db: { port: number }): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, POSTGRES_SEEDS: '127.0.0.1', DB_PORT: String(db.port), POSTGRES_USER: 'postgres', POSTGRES_PWD: '',
    DYNAMIC_CONFIG_FILE_PATH: path.join(TEMPORAL_CONFIG_DIR, 'dynamicconfig.yaml'), LOG_LEVEL: 'warn',
  };
  const taken = new Set<string>();
  for (const name of PORT_VARIABLES) {
    let port: string;
    do port = String(await freeLowPort()); while (taken.has(port));
    taken.add(port);
    env[name] = port;
  }
  return env;
}

/** Answers when the frontend serves requests for the namespace with Triageflow's search attributes. */
async function whenServing(address: string, first: boolean, child: ChildProcess, logFile: string): Promise<void> {
  await retryFor(90_000, `Temporal server at ${address} (log: ${logFile})`, async () => {
    const connection = await Connection.connect({ address, connectTimeout: 2_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      if (first) {
        await connection.workflowService.registerNamespace({ namespace: 'default', workflowExecutionRetentionPeriod: msToTs('1 day') })
          .catch((err: Error) => { if (!/already exists|AlreadyExists/i.test(err.message)) throw err; });
      }
      // The namespace reaches every service's cache within seconds of registering; until then this fails.
      await ensureSearchAttributes(connection, 'default');
      await connection.workflowService.countWorkflowExecutions({ namespace: 'default' });
    } finally {
      await connection.close();
    }
  }, () => (child.exitCode === null ? undefined : `exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8').slice(-3000)}`));
}

/** Temporal's own server (not the dev server) on a PostgreSQL cluster: schemas first, then the process. */
export async function startTemporalServer(opts: { build: TemporalServerBuild; db: { port: number }; baseDir: string }): Promise<TemporalServer> {
  await setupTemporalSchema(opts.build, { host: '127.0.0.1', port: opts.db.port, user: 'postgres' });
  const env = await serverEnv(opts.db);
  const address = `127.0.0.1:${env.FRONTEND_GRPC_PORT}`;
  const logFile = path.join(opts.baseDir, 'temporal-server.log');
  let child: ChildProcess | undefined;
  const spawnServer = async (first: boolean) => {
    const out = fs.openSync(logFile, 'a');
    child = spawn(opts.build.server, ['--config-file', path.join(TEMPORAL_CONFIG_DIR, 'config.yaml'), '--allow-no-auth', 'start'], { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    await whenServing(address, first, child, logFile);
  };
  await spawnServer(true);
  return {
    address,
    pid: () => (child?.exitCode === null ? child.pid : undefined),
    async kill() {
      if (child) await stopChild(child, 'SIGKILL', 0);
    },
    start: () => spawnServer(false),
    async stop() {
      if (child) await stopChild(child, 'SIGTERM', 15_000);
    },
  };
}
