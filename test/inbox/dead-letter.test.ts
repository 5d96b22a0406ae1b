import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/log';
import { startForwarder } from '../../src/inbox/forwarder';
import type { ClaimedDelivery } from '../../src/inbox/store';
import { inboxTestDatabase } from './support';

// The dead letter on a real (embedded) PostgreSQL: a delivery Temporal keeps refusing is parked after
// INBOX_MAX_ATTEMPTS and no longer holds back its issue or others; a stored row no JavaScript Date can
// hold is parked at its claim; an outage never counts; parked deliveries are listed and put back.

const t = inboxTestDatabase();

async function insert(number: number, repoId = 11): Promise<string> {
  const deliveryId = randomUUID();
  await t.store.insert({ deliveryId, eventName: 'issues', action: 'edited', repoId, repoFullName: 'o/dead', number, workflowId: `triage-issue-${repoId}-${number}`, githubUpdatedAt: null, rawPayload: `{"n":"${deliveryId}"}` });
  return deliveryId;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let v = await read(); ; v = await read()) {
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a delivery Temporal refuses while up is parked after max attempts; its issue\'s next delivery and other issues go on', async () => {
  const poison = await insert(1);
  const next = await insert(1);
  const other = await insert(2);
  const sent: string[] = [];
  const parked: string[] = [];
  const f = await startForwarder({
    pool: t.db.pool, store: t.store, log: silentLogger, sweepMs: 20, maxAttempts: 3,
    send: async (d: ClaimedDelivery) => {
      if (d.deliveryId === poison) throw new Error('INVALID_ARGUMENT: the signal is malformed');
      sent.push(d.deliveryId);
    },
    onParked: (d) => parked.push(d.deliveryId),
  });
  t.running.push(f);
  await until('both others sent', async () => [...sent], (s) => s.includes(next) && s.includes(other), 30_000);
  expect(parked).toEqual([poison]);
  const list = await t.store.parked(10);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ deliveryId: poison, repo: 'o/dead', number: 1, attempts: 3, error: 'INVALID_ARGUMENT: the signal is malformed', invalid: false });
  expect(await t.store.backlog()).toMatchObject({ pending: 0, parked: 1 });
});

test('an outage never counts against a delivery: nothing is parked, the backlog waits', async () => {
  const ids = [await insert(1), await insert(2)];
  let up = false;
  const sent: string[] = [];
  const f = await startForwarder({
    pool: t.db.pool, store: t.store, log: silentLogger, sweepMs: 20, maxAttempts: 1, isOutage: async () => !up,
    send: async (d) => {
      if (!up) throw new Error('14 UNAVAILABLE: connection refused');
      sent.push(d.deliveryId);
    },
  });
  t.running.push(f);
  await until('a failed try', async () => (await t.db.pool.query('SELECT 1 FROM webhook_inbox WHERE last_error IS NOT NULL')).rows.length, (n) => n > 0);
  expect(await t.store.backlog()).toMatchObject({ pending: 2, parked: 0 });
  up = true;
  await until('the backlog drained', () => t.store.backlog(), (b) => b.pending === 0);
  expect(sent.sort()).toEqual([...ids].sort());
  expect((await t.store.backlog()).parked).toBe(0);
});

test('a stored row that cannot become a signal (updated_at infinity) is parked at its claim, and the next delivery of its issue goes on', async () => {
  const poison = await insert(7);
  await t.db.pool.query("UPDATE webhook_inbox SET github_updated_at = 'infinity' WHERE delivery_id = $1", [poison]);
  const next = await insert(7);
  const unreadable: string[] = [];
  const claimed = await t.store.claim('one', { heads: 10, leaseMs: 60_000, onUnreadable: (d) => unreadable.push(d.deliveryId) });
  expect(unreadable).toEqual([poison]);
  expect(claimed.map((d) => d.deliveryId)).toEqual([next]);
  const [parked] = await t.store.parked(10);
  expect(parked).toMatchObject({ deliveryId: poison, error: expect.stringMatching(/github_updated_at holds Infinity, which is not a point in time/) });
});

test('parked deliveries are put back, pending again with a retry count; invalid ones are listed but never put back', async () => {
  const id = await insert(3);
  const [row] = await t.store.claim('one', { heads: 10, leaseMs: 60_000 });
  await t.store.markFailed({ id: row!.id, error: 'refused', retryInMs: 0, counts: true, maxAttempts: 1 }, []);
  await t.store.insertInvalid({ deliveryId: 'bad-1', eventName: 'issues', action: 'opened', repoId: 11, repoFullName: 'o/dead', number: 0, rawPayload: '{}', bodySha256: Buffer.alloc(32, 1), reason: 'issue.number: must be positive' });
  expect((await t.store.parked(10)).map((p) => [p.deliveryId, p.invalid])).toEqual(expect.arrayContaining([[id, false], ['bad-1', true]]));

  expect(await t.store.retryParked('all')).toEqual([id]);
  const [again] = await t.store.claim('two', { heads: 10, leaseMs: 60_000 });
  expect(again).toMatchObject({ deliveryId: id, retries: 1, attempts: 0 });
  expect((await t.store.parked(10)).map((p) => p.deliveryId)).toEqual(['bad-1']);
  expect(await t.store.retryParked([999_999])).toEqual([]);
});

test('a delivery the workflow could not handle is parked by its delivery id; one already processed is not', async () => {
  const failed = await insert(4);
  const done = await insert(5);
  await t.db.pool.query('UPDATE webhook_inbox SET forwarded_at = now()');
  await t.db.pool.query('UPDATE webhook_inbox SET processed_at = now() WHERE delivery_id = $1', [done]);
  await t.store.parkHandled([failed, done], 'Triage did not finish: the database was down.');
  expect((await t.store.parked(10)).map((p) => p.deliveryId)).toEqual([failed]);
});
