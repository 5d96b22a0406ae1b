import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { createPool, type Pool } from '../../src/db/pool';
import { PRIORITY_APPLICATION } from '../../src/db/session-queue';

// Many clients share PGlite's single backend; parameterised queries from different connections must
// never interleave inside one Parse/Bind/Execute/Sync cycle, and transactions must stay whole.

let db: EmbeddedDatabase;
let pool: Pool;
beforeAll(async () => {
  db = await startEmbeddedDatabase({});
  pool = createPool(db.url, 10);
  await pool.query('CREATE TABLE t (id serial PRIMARY KEY, a int, b text, c int)');
});
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

test('concurrent extended-protocol queries with different parameter counts all succeed', async () => {
  const work = Array.from({ length: 300 }, (_, i) =>
    i % 3 === 0
      ? pool.query('SELECT $1::int + $2::int + $3::int AS v', [i, 1, 2]).then((r) => expect(r.rows[0].v).toBe(i + 3))
      : i % 3 === 1
        ? pool.query('INSERT INTO t (a, b, c) VALUES ($1, $2, $3) RETURNING a', [i, `row ${i}`, i * 2]).then((r) => expect(r.rows[0].a).toBe(i))
        : pool.query('SELECT count(*)::int AS n FROM t WHERE a >= $1', [0]).then((r) => expect(typeof r.rows[0].n).toBe('number')),
  );
  await Promise.all(work);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM t');
  expect(rows[0].n).toBe(100);
});

test('a transaction is not interleaved with other clients and a rollback undoes only its own work', async () => {
  const inTx = (async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('INSERT INTO t (a, b, c) VALUES ($1, $2, $3)', [-1, 'rolled back', 0]);
      await new Promise((r) => setTimeout(r, 50));
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
  })();
  const others = Promise.all(Array.from({ length: 20 }, (_, i) => pool.query('INSERT INTO t (a, b, c) VALUES ($1, $2, $3)', [1000 + i, 'kept', 0])));
  await Promise.all([inTx, others]);
  const { rows } = await pool.query("SELECT count(*) FILTER (WHERE b = 'kept')::int AS kept, count(*) FILTER (WHERE a = -1)::int AS gone FROM t");
  expect(rows[0]).toEqual({ kept: 20, gone: 0 });
});

test('a priority client waits for the statement in progress, not for every statement queued before it', async () => {
  const heavy = 'SELECT count(*) FROM generate_series(1, 30000)';
  let finished = 0;
  let running = true;
  const bulk = Array.from({ length: 10 }, async () => {
    while (running) {
      await pool.query(heavy);
      finished++;
    }
  });
  const priority = createPool(db.url, 1, PRIORITY_APPLICATION);
  const waited: number[] = [];
  try {
    await priority.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 7; i++) {
      const before = finished;
      await priority.query('SELECT 1');
      waited.push(finished - before);
      await new Promise((r) => setTimeout(r, 15));
    }
  } finally {
    running = false;
    await Promise.all(bulk);
    await priority.end();
  }
  // Ten clients have a statement waiting at any time, and the priority query used to wait for all of
  // them (13 or 14 finished first). Now it waits for the one running and the next: the median allows
  // for this test's own thread being slow to read a reply on a busy machine.
  expect([...waited].sort((a, b) => a - b)[3]).toBeLessThanOrEqual(4);
});

describe('named statements, shared by the sessions of the one backend', () => {
  const text = 'SELECT $1::int * 2 AS v, $2::text AS w';

  test('every pooled connection runs the same parameterised query, each parsing it as if alone', async () => {
    // Ten connections at once: each one's first run sends a Parse of the same name.
    const fresh = createPool(db.url, 10);
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => fresh.query(text, [i, `x${i}`])));
      expect(results.map((r) => r.rows[0])).toEqual(Array.from({ length: 40 }, (_, i) => ({ v: 2 * i, w: `x${i}` })));
    } finally {
      await fresh.end();
    }
    // A pool opened after the first one closed finds the statement prepared, and uses it.
    const later = createPool(db.url, 2);
    try {
      expect((await later.query(text, [21, 'y'])).rows[0]).toEqual({ v: 42, w: 'y' });
    } finally {
      await later.end();
    }
  });

  test('one name for two different texts is refused as PostgreSQL refuses it, and the session goes on', async () => {
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query({ name: 'clash', text: 'SELECT 1 AS one' });
      await expect(b.query({ name: 'clash', text: 'SELECT 2 AS two' })).rejects.toThrow(/prepared statement "clash" already exists/);
      expect((await b.query('SELECT $1::int AS n', [7])).rows[0]).toEqual({ n: 7 });
      expect((await b.query({ name: 'clash', text: 'SELECT 1 AS one' })).rows[0]).toEqual({ one: 1 });
    } finally {
      a.release();
      b.release();
    }
  });

  test('a statement that fails to parse is not remembered: the next session gets the same error', async () => {
    for (let i = 0; i < 2; i++) {
      const c = await pool.connect();
      try {
        await expect(c.query({ name: 'broken', text: 'SELEC 1' })).rejects.toThrow(/syntax error/);
      } finally {
        c.release();
      }
    }
  });
});
