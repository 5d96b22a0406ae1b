import type { Logger } from '../log';
import { runPeriodically } from '../support/periodic';
import type { Pool } from './pool';

// PGlite is one backend in one thread: there is no autovacuum launcher, so without this the embedded
// database never refreshes its statistics and never reclaims dead rows. Stale statistics are not only
// slow plans: a named statement keeps the generic plan it got while its tables were small, and nothing
// but ANALYZE (or DDL) invalidates it. Seen on a 20,000-issue burst: the inbox claim kept a plan made at
// a few hundred rows that probed every pending row for every pending row, 30 s a claim at 12,000.
// This does autovacuum's job by autovacuum's default rules, checked more often than its one minute
// because a burst grows a table tenfold within a minute.

/** autovacuum's defaults (postgresql.conf): base threshold plus a fraction of the table's rows. */
export const AUTOVACUUM_RULES = {
  vacuum: { threshold: 50, scaleFactor: 0.2 },
  insertVacuum: { threshold: 1000, scaleFactor: 0.2 },
  analyze: { threshold: 50, scaleFactor: 0.1 },
} as const;

export interface TableActivity {
  name: string;
  /** -1 before the first VACUUM or ANALYZE (PostgreSQL 14+). */
  reltuples: number;
  deadRows: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export type Upkeep = 'vacuum-analyze' | 'vacuum' | 'analyze';

/** What autovacuum would run on this table now, if anything. */
export function upkeepFor(t: TableActivity): Upkeep | null {
  const rows = Math.max(0, t.reltuples);
  const due = (r: { threshold: number; scaleFactor: number }, count: number) => count > r.threshold + r.scaleFactor * rows;
  const vacuum = due(AUTOVACUUM_RULES.vacuum, t.deadRows) || due(AUTOVACUUM_RULES.insertVacuum, t.insertedSinceVacuum);
  const analyze = due(AUTOVACUUM_RULES.analyze, t.modifiedSinceAnalyze);
  if (vacuum && analyze) return 'vacuum-analyze';
  return vacuum ? 'vacuum' : analyze ? 'analyze' : null;
}

const COMMAND: Record<Upkeep, string> = { 'vacuum-analyze': 'VACUUM (ANALYZE)', vacuum: 'VACUUM', analyze: 'ANALYZE' };
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One pass: every table of the public schema that autovacuum's rules say is due. */
export async function maintainOnce(pool: Pool): Promise<{ table: string; upkeep: Upkeep; ms: number }[]> {
  const { rows } = await pool.query<TableActivity>(
    `SELECT s.relname AS name, c.reltuples::float8 AS reltuples, s.n_dead_tup::float8 AS "deadRows",
            s.n_ins_since_vacuum::float8 AS "insertedSinceVacuum", s.n_mod_since_analyze::float8 AS "modifiedSinceAnalyze"
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = 'public' ORDER BY s.relname`,
  );
  const done: { table: string; upkeep: Upkeep; ms: number }[] = [];
  for (const table of rows) {
    const upkeep = upkeepFor(table);
    if (!upkeep) continue;
    const started = performance.now();
    await pool.query(`${COMMAND[upkeep]} ${quoteIdent(table.name)}`);
    done.push({ table: table.name, upkeep, ms: Math.round(performance.now() - started) });
  }
  return done;
}

/** Runs `maintainOnce` every `intervalMs` (10 s by default) until stopped; failures are logged and retried next time. */
export function startEmbeddedMaintenance(deps: { pool: Pool; log: Logger; intervalMs?: number }): { stop(): Promise<void> } {
  return runPeriodically(async () => {
    try {
      const done = await maintainOnce(deps.pool);
      if (done.length) deps.log.debug({ done }, 'embedded database maintenance');
    } catch (err) {
      deps.log.warn({ err }, 'embedded database maintenance failed; it runs again at the next interval');
    }
  }, deps.intervalMs ?? 10_000);
}
