import { startEmbeddedDatabase } from '../../src/db/embedded';
import { migrate } from '../../src/db/migrate';
import { createPool, type Pool } from '../../src/db/pool';

export interface TestDatabase {
  url: string;
  pool: Pool;
  stop(): Promise<void>;
}

/** A fresh in-memory PostgreSQL (PGlite with pgvector) on loopback, migrated, with a pool. */
export async function startTestDatabase(): Promise<TestDatabase> {
  const db = await startEmbeddedDatabase({});
  const pool = createPool(db.url);
  await migrate(pool);
  return {
    url: db.url,
    pool,
    async stop() {
      await pool.end();
      await db.stop();
    },
  };
}
