import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { migrate } from '../../src/db/migrate';
import { createPool, type Pool } from '../../src/db/pool';

let db: EmbeddedDatabase;
let pool: Pool;
beforeAll(async () => {
  db = await startEmbeddedDatabase({});
  pool = createPool(db.url, 4);
});
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

test('migrations apply once and are safe to run again, even concurrently', async () => {
  const first = await migrate(pool);
  expect(first.applied[0]).toBe('001_core.sql');
  const again = await Promise.all([migrate(pool), migrate(pool)]);
  expect(again.map((r) => r.applied)).toEqual([[], []]);
  const { rows } = await pool.query("SELECT extname FROM pg_extension WHERE extname = 'vector'");
  expect(rows).toHaveLength(1);
});

test('pgvector answers nearest-neighbour queries over the wire protocol', async () => {
  await pool.query("INSERT INTO issue_embeddings (repo_id, number, embedder, dims, content_hash, embedding) VALUES (1, 1, 't', 3, 'h1', '[1,0,0]'), (1, 2, 't', 3, 'h2', '[0,1,0]')");
  const { rows } = await pool.query("SELECT number FROM issue_embeddings ORDER BY embedding::vector(3) <=> '[0.9,0.1,0]'::vector(3) LIMIT 1");
  expect(rows[0].number).toBe(1);
});
