import pg from 'pg';

// bigint columns (ids) fit in a JS number for any realistic table; read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Pool = pg.Pool;

/** `applicationName` shows in pg_stat_activity; the embedded database also schedules by it (session-queue.ts). */
export function createPool(url: string, max = 10, applicationName = 'triageflow'): pg.Pool {
  // pgvector's HNSW scan returns at most ef_search rows before filters; an iterative scan goes on until the
  // repository filter of a similar-issue query is satisfied (its candidates are rescored exactly, so the
  // relaxed order costs nothing). Set before the pool hands the connection out (`onConnect` is awaited).
  const pool = new pg.Pool({
    connectionString: url, max, idleTimeoutMillis: 30_000, application_name: applicationName,
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits the hook's promise; @types/pg types it as void
    onConnect: async (client) => void (await client.query("SET hnsw.iterative_scan = 'relaxed_order'")),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
