import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { ensureDebianPostgres } from '../../../scripts/production/debian-postgres';
import { ensurePostgres18 } from '../../../scripts/production/postgres18-wheel';
import { ensureTemporalServer } from '../../../scripts/production/temporal-server-build';
import { freePort } from '../../../src/temporal/dev-server';
import { startPostgres, type PostgresCluster } from './postgres-cluster';
import { startTemporalServer, type TemporalServer } from './temporal-server';
import { startTriageflow, type TriageflowProcess } from './triageflow-process';

/**
 * The production topology on one machine: PostgreSQL 18 + pgvector for Triageflow, Temporal's own
 * server on PostgreSQL 15, and Triageflow servers and workers as separate processes.
 */
export interface Topology {
  dir: string;
  databaseUrl: string;
  temporal: TemporalServer;
  /** Triageflow's database, for checks. */
  pool: Pool;
  /** A Temporal client, for reading workflow histories. */
  client: Client;
  webhookSecret: string;
  dashboardToken: string;
  taskQueue: string;
  /** Every Triageflow process started so far, killed ones included. */
  processes: TriageflowProcess[];
  startServer(name: string, port?: number): Promise<TriageflowProcess>;
  startWorker(name: string): Promise<TriageflowProcess>;
  stop(): Promise<void>;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

export async function startTopology(): Promise<Topology> {
  const [pg15Bin, pg18Install, build] = [await ensureDebianPostgres({ log }), await ensurePostgres18({ log }), await ensureTemporalServer({ log })];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-production-'));
  // The PostgreSQL user (not root) must reach its data directories below this one.
  fs.chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  let stopped = false;
  const stop = async () => {
    stopped = true;
    for (const s of stops.reverse()) await s().catch((err: unknown) => log(`stopping: ${(err as Error).message}`));
    // Every process's log is in here; TRIAGEFLOW_KEEP_PRODUCTION_LOGS=1 keeps them for a look after a failure.
    if (process.env.TRIAGEFLOW_KEEP_PRODUCTION_LOGS === '1') log(`production topology logs kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const temporalDb: PostgresCluster = await startPostgres({ installDir: path.dirname(pg15Bin), baseDir: dir, name: 'pg15-temporal' });
    stops.push(temporalDb.stop);
    const appDb = await startPostgres({ ...pg18Install, baseDir: dir, name: 'pg18-triageflow' });
    stops.push(appDb.stop);
    await appDb.createDatabase('triageflow');
    const temporal = await startTemporalServer({ build, db: temporalDb, baseDir: dir });
    stops.push(temporal.stop);
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const databaseUrl = appDb.url('triageflow');
    const pool = new Pool({ connectionString: databaseUrl, max: 8 });
    stops.push(() => pool.end());

    const secrets = { webhookSecret: randomBytes(16).toString('hex'), dashboardToken: randomBytes(16).toString('hex') };
    const taskQueue = `production-${randomUUID()}`;
    const processes: TriageflowProcess[] = [];
    // Processes stop first (they were started last): workers drain before Temporal and PostgreSQL go.
    stops.push(async () => void (await Promise.all(processes.filter((p) => p.running()).map((p) => p.stop()))));
    const env = (name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
      const dataDir = path.join(dir, `${name}-data`);
      fs.mkdirSync(dataDir, { recursive: true });
      return {
        PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, HOST: '127.0.0.1',
        DATA_DIR: dataDir, GITHUB_WEBHOOK_SECRET: secrets.webhookSecret, DASHBOARD_TOKEN: secrets.dashboardToken, TEMPORAL_TASK_QUEUE: taskQueue,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', WEBHOOK_RATE_LIMIT: '0', METRICS_PORT: '0', ...extra,
      };
    };
    const track = async (p: TriageflowProcess) => {
      // A start still under way when the topology stopped (a failed test's background chaos) ends with it.
      if (stopped) {
        await p.kill();
        throw new Error(`${p.name} started after the topology was stopped`);
      }
      processes.push(p);
      return p;
    };
    return {
      dir, databaseUrl, temporal, pool, client: new Client({ connection }), ...secrets, taskQueue, processes, stop,
      startServer: async (name, port) => await track(await startTriageflow('server', name, env(name, { PORT: String(port ?? (await freePort())) }), dir)),
      startWorker: async (name) => await track(await startTriageflow('worker', name, env(name), dir)),
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
