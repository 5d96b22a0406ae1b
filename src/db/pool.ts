import pg from 'pg';

// bigint columns (ids) fit in a JS number for any realistic table; read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Pool = pg.Pool;

/** `applicationName` shows in pg_stat_activity; the embedded database also schedules by it (session-queue.ts). */
export function createPool(url: string, max = 10, applicationName = 'triageflow'): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, application_name: applicationName });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
