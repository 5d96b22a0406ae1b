import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TemporalServerBuild } from './temporal-server-build';

const run = promisify(execFile);

export interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
  password?: string;
}

/**
 * Creates Temporal's two databases on PostgreSQL 12+ and brings their schemas to this release, the way
 * Temporal documents it: create-database, setup-schema -v 0.0, update-schema -d <versioned dir>.
 */
export async function setupTemporalSchema(build: TemporalServerBuild, db: SqlEndpoint, names = { temporal: 'temporal', visibility: 'temporal_visibility' }): Promise<void> {
  const tool = async (database: string, ...args: string[]) => {
    const common = ['--ep', db.host, '-p', String(db.port), '-u', db.user, '--pw', db.password ?? '', '--plugin', 'postgres12', '--db', database];
    await run(build.sqlTool, [...common, ...args], { env: { PATH: process.env.PATH }, maxBuffer: 16 * 1024 * 1024 }).catch((err: Error & { stderr?: string; stdout?: string }) => {
      throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${(err.stderr || err.stdout || err.message).trim().slice(-2000)}`);
    });
  };
  for (const [database, schema] of [[names.temporal, 'temporal'], [names.visibility, 'visibility']] as const) {
    await tool(database, 'create-database');
    await tool(database, 'setup-schema', '-v', '0.0');
    await tool(database, 'update-schema', '-d', path.join(build.schemaDir, schema, 'versioned'));
  }
}
