import { randomUUID } from 'node:crypto';
import { createInboxCommand } from '../../src/commands/inbox';
import { UsageError } from '../../src/commands/command';
import { createInboxStore, type InboxStore } from '../../src/inbox/store';
import { startTestDatabase, type TestDatabase } from '../support/database';

// `triageflow inbox list | retry` against a real (embedded) database given as DATABASE_URL.

let db: TestDatabase;
let store: InboxStore;

beforeAll(async () => {
  db = await startTestDatabase();
  store = createInboxStore(db.pool);
});
afterAll(async () => db?.stop());

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const command = createInboxCommand({ out: (t) => void out.push(t), err: (t) => void err.push(t) });
  return command.run(argv, { DATABASE_URL: db.url, LOG_LEVEL: 'silent' }).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

async function parkOne(number: number): Promise<{ id: number; deliveryId: string }> {
  const deliveryId = randomUUID();
  await store.insert({ deliveryId, eventName: 'issues', action: 'opened', repoId: 21, repoFullName: 'octo/cli', number, workflowId: `triage-issue-21-${number}`, githubUpdatedAt: null, rawPayload: `{"n":${number}}` });
  const [row] = await store.claim('cli-test', { heads: 10, leaseMs: 60_000 });
  await store.markFailed({ id: row!.id, error: 'INVALID_ARGUMENT: refused', retryInMs: 0, counts: true, maxAttempts: 1 }, []);
  return { id: row!.id, deliveryId };
}

test('list shows each repository and the parked deliveries with their errors and ids', async () => {
  const parked = await parkOne(1);
  const { code, out } = await run('list');
  expect(code).toBe(0);
  expect(out).toMatch(/0 waiting to be triaged .*, 1 parked/);
  expect(out).toMatch(/octo\/cli\s+0\s+0\s+0\s+1/);
  expect(out).toContain(`${parked.id}  octo/cli#1  issues.opened  delivery ${parked.deliveryId}`);
  expect(out).toContain('INVALID_ARGUMENT: refused');
});

test('retry puts one back by id, --all the rest; an unknown id is an error that says where to look', async () => {
  const a = await parkOne(2);
  await parkOne(3);
  expect(await run('retry', String(a.id))).toMatchObject({ code: 0, out: expect.stringContaining(`Put back 1 parked delivery: ${a.deliveryId}`) });
  const all = await run('retry', '--all');
  expect(all.code).toBe(0);
  expect(all.out).toMatch(/Put back 2 parked deliveries/);
  expect((await store.backlog()).parked).toBe(0);
  expect(await run('retry', '999999')).toMatchObject({ code: 1, out: expect.stringContaining('no parked delivery has the id 999999 (see triageflow inbox list)') });
});

test('wrong arguments are usage errors', async () => {
  await expect(run('retry')).rejects.toBeInstanceOf(UsageError);
  await expect(run('retry', 'abc')).rejects.toThrow(/ids of parked deliveries/);
  await expect(run('drain')).rejects.toThrow(/inbox takes "list" or "retry"/);
});
