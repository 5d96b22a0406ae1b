import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { maintainOnce, upkeepFor } from '../../src/db/embedded-maintenance';
import { createPool, type Pool } from '../../src/db/pool';

// The embedded database has no autovacuum: the project's own pass must refresh statistics and reclaim
// dead rows by autovacuum's rules, and so replace plans that named statements made while tables were small.

describe('upkeepFor applies autovacuum default thresholds', () => {
  const table = { name: 't', reltuples: 10_000, deadRows: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0 };
  test.each([
    [{}, null],
    [{ modifiedSinceAnalyze: 1_050 }, null],
    [{ modifiedSinceAnalyze: 1_051 }, 'analyze'],
    [{ deadRows: 2_051 }, 'vacuum'],
    [{ insertedSinceVacuum: 3_001 }, 'vacuum'],
    [{ deadRows: 2_051, modifiedSinceAnalyze: 2_051 }, 'vacuum-analyze'],
    // Never analyzed (reltuples -1): the base thresholds alone.
    [{ reltuples: -1, modifiedSinceAnalyze: 51 }, 'analyze'],
  ])('%j → %s', (change, expected) => {
    expect(upkeepFor({ ...table, ...change })).toBe(expected);
  });
});

describe('maintainOnce on the embedded database', () => {
  let db: EmbeddedDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await startEmbeddedDatabase({});
    pool = createPool(db.url, 2);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.stop();
  });

  // A backend reports its table counters at most once a second unless told to at its next idle moment.
  const flushStats = async () => {
    await pool.query('SELECT pg_stat_force_next_flush()');
    await pool.query('SELECT 1');
  };
  const stats = async (table: string) =>
    (await pool.query<{ dead: number; analyzed: boolean; vacuumed: boolean }>(
      'SELECT n_dead_tup::int AS dead, last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = $1',
      [table],
    )).rows[0]!;

  test('vacuums and analyzes the tables that are due and leaves quiet ones alone', async () => {
    await pool.query('CREATE TABLE churn (id int PRIMARY KEY, v text)');
    await pool.query('CREATE TABLE quiet (id int PRIMARY KEY)');
    await pool.query('INSERT INTO quiet VALUES (1), (2)');
    await pool.query("INSERT INTO churn SELECT g, 'x' FROM generate_series(1, 5000) g");
    await pool.query("UPDATE churn SET v = 'y' WHERE id <= 3000");
    await flushStats();
    expect((await stats('churn')).dead).toBeGreaterThan(2_000);

    const done = await maintainOnce(pool);
    expect(done.map((d) => [d.table, d.upkeep])).toEqual([['churn', 'vacuum-analyze']]);
    expect(await stats('churn')).toEqual({ dead: 0, analyzed: true, vacuumed: true });
    expect(await stats('quiet')).toEqual({ dead: 0, analyzed: false, vacuumed: false });
    // Nothing changed since: the next pass has nothing to do.
    expect(await maintainOnce(pool)).toEqual([]);
  });

  test('a named statement planned while its table was small is planned again for the grown table', async () => {
    await pool.query('CREATE TABLE grows (id serial PRIMARY KEY, k int NOT NULL, pad text)');
    await pool.query('CREATE INDEX grows_k ON grows (k)');
    await pool.query("INSERT INTO grows (k, pad) SELECT g % 10, 'p' FROM generate_series(1, 10) g");
    await flushStats();
    await maintainOnce(pool);
    const text = 'SELECT id FROM grows WHERE k = $1';
    // pool.query with values runs as a named statement; after five custom plans PostgreSQL keeps a generic one.
    for (let i = 0; i < 8; i++) await pool.query(text, [i]);
    const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text]);
    const estimatedRows = async () => {
      const plan = (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${rows[0]!.name}(7)`)).rows[0]!['QUERY PLAN'];
      return Number(/rows=(\d+)/.exec(plan)![1]);
    };
    expect(await estimatedRows()).toBeLessThan(10);

    // A tenth of 50,000 rows match; the cached plan, made for ten rows, still expects one or two.
    await pool.query("INSERT INTO grows (k, pad) SELECT g % 10, repeat('p', 100) FROM generate_series(11, 50000) g");
    await flushStats();
    expect(await estimatedRows()).toBeLessThan(10);
    expect((await maintainOnce(pool)).find((d) => d.table === 'grows')?.upkeep).toBe('vacuum-analyze');
    expect(await estimatedRows()).toBeGreaterThan(2_000);
  });
});
