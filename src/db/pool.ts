import { createHash } from 'node:crypto';
import pg from 'pg';
import { withTimeout } from '../support/with-timeout';

// bigint columns (ids) fit in a JS number for any realistic table; read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Pool = pg.Pool;

export interface PoolOptions {
  /**
   * No query (waiting for a connection included) takes longer: past it the query fails and its
   * connection is dropped, so whatever held it up (a lock, a session idle in a transaction on the
   * embedded database's single backend) cannot hold up the caller too. The webhook ingest pool's.
   */
  deadlineMs?: number;
}

/** `applicationName` shows in pg_stat_activity; the embedded database also schedules by it (session-queue.ts). */
export function createPool(url: string, max = 10, applicationName = 'triageflow', opts: PoolOptions = {}): pg.Pool {
  // pgvector's HNSW scan returns at most ef_search rows before filters; an iterative scan goes on until the
  // repository filter of a similar-issue query is satisfied (its candidates are rescored exactly, so the
  // relaxed order costs nothing). Set before the pool hands the connection out (`onConnect` is awaited).
  const pool = new pg.Pool({
    connectionString: url, max, idleTimeoutMillis: 30_000, application_name: applicationName,
    ...(opts.deadlineMs ? { connectionTimeoutMillis: opts.deadlineMs, query_timeout: opts.deadlineMs } : {}),
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg-pool awaits the hook's promise; @types/pg types it as void
    onConnect: async (client) => void (await client.query("SET hnsw.iterative_scan = 'relaxed_order'")),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return preparingQueries(pool, opts.deadlineMs);
}

// A parameterised `pool.query(text, values)` runs as a named statement: each connection parses it once
// and the server may keep its plan, instead of parsing and planning the text on every call. On the
// embedded database that was half of its time per triage. A name is a hash of the text, so a name
// always means one statement (the embedded database's sessions share one backend: session-queue.ts).
// Query texts never carry values (those are parameters), so the names stay as few as the queries in the
// code. A query that must be planned for its parameters every time is passed as `{ text, values }`.
const NAMES_KEPT = 1_000;
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= NAMES_KEPT) statementNames.clear();
    name = `tf_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

function preparingQueries(pool: pg.Pool, deadlineMs: number | undefined): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const prepared = (text: unknown, values?: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && Array.isArray(values) ? query({ name: statementName(text), text, values }, ...rest) : query(text, values, ...rest);
  // pg's own timeouts count the wait for a connection and the query apart; the caller's wait is both.
  const bounded = (...args: unknown[]) => {
    const result = (prepared as (...a: unknown[]) => unknown)(...args);
    return deadlineMs && result instanceof Promise ? withTimeout(result, deadlineMs, `the database did not answer within ${deadlineMs} ms`) : result;
  };
  pool.query = (deadlineMs ? bounded : prepared) as typeof pool.query;
  return pool;
}
