import type { Forwarder } from '../../src/inbox/forwarder';
import { createInboxStore, type InboxStore } from '../../src/inbox/store';
import { startTestDatabase, type TestDatabase } from '../support/database';

export interface InboxTest {
  db: TestDatabase;
  store: InboxStore;
  /** Forwarders the test started: stopped after it. */
  running: Forwarder[];
}

/** A real (embedded) database for the suite, its inbox emptied before each test and forwarders stopped after. */
export function inboxTestDatabase(tables = 'webhook_inbox'): InboxTest {
  const t = { running: [] as Forwarder[] } as InboxTest;
  beforeAll(async () => {
    t.db = await startTestDatabase();
    t.store = createInboxStore(t.db.pool);
  });
  beforeEach(async () => void (await t.db.pool.query(`TRUNCATE ${tables}`)));
  afterEach(async () => {
    for (const f of t.running.splice(0)) await f.stop();
  });
  afterAll(async () => t.db?.stop());
  return t;
}
