import type { Pool } from '../../src/db/pool';
import { startTestDatabase, type TestDatabase } from './database';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai';

export interface OpenAIBench {
  db: TestDatabase;
  pool: Pool;
  fake: FakeOpenAI;
}

/**
 * Registers jest hooks that give the calling test file a migrated database and a fake OpenAI server,
 * started together: once for the file, or afresh for every test. Read the fields inside tests only.
 */
export function useDatabaseAndFakeOpenAI(scope: 'file' | 'test' = 'file'): OpenAIBench {
  const bench = {} as OpenAIBench;
  (scope === 'file' ? beforeAll : beforeEach)(async () => {
    [bench.db, bench.fake] = await Promise.all([startTestDatabase(), startFakeOpenAI()]);
    bench.pool = bench.db.pool;
  });
  (scope === 'file' ? afterAll : afterEach)(async () => {
    await Promise.all([bench.db?.stop(), bench.fake?.close()]);
  });
  return bench;
}
