import { randomUUID } from 'node:crypto';
import { createInboxStore, type InboxEntry, type InboxStore } from '../../src/inbox/store';
import { startTestDatabase, type TestDatabase } from '../support/database';

// The inbox's claiming rules on a real (embedded) PostgreSQL: arrival order per issue, no row handed to
// two forwarders, failures wait their backoff, redeliveries and retention.

let db: TestDatabase;
let store: InboxStore;

beforeAll(async () => {
  db = await startTestDatabase();
  store = createInboxStore(db.pool);
});
beforeEach(async () => void (await db.pool.query('TRUNCATE webhook_inbox')));
afterAll(async () => db?.stop());

const entry = (number: number, extra: Partial<InboxEntry> = {}): InboxEntry => ({
  deliveryId: randomUUID(), eventName: 'issues', action: 'edited', repoId: 7, repoFullName: 'o/r', number,
  workflowId: `triage-issue-7-${number}`, githubUpdatedAt: null, rawPayload: JSON.stringify({ n: number }), ...extra,
});

test('a delivery id is recorded once; a redelivery is reported as such', async () => {
  const e = entry(1);
  await expect(store.insert(e)).resolves.toEqual({ inserted: true });
  await expect(store.insert(e)).resolves.toEqual({ inserted: false });
  const { rows } = await db.pool.query('SELECT count(*)::int AS n, min(payload::text) AS p FROM webhook_inbox');
  expect(rows[0]).toEqual({ n: 1, p: '{"n":1}' });
});

test("one claim takes an issue's queued deliveries in arrival order, and nobody else gets them", async () => {
  const a1 = entry(1);
  const b1 = entry(2);
  const a2 = entry(1);
  for (const e of [a1, b1, a2]) await store.insert(e);
  const first = await store.claim('one', { heads: 1, leaseMs: 60_000 });
  expect(first.map((d) => d.deliveryId)).toEqual([a1.deliveryId, a2.deliveryId]);
  const second = await store.claim('two', { heads: 10, leaseMs: 60_000 });
  expect(second.map((d) => d.deliveryId)).toEqual([b1.deliveryId]);
  await expect(store.claim('three', { heads: 10, leaseMs: 60_000 })).resolves.toEqual([]);
});

test('a later delivery of an issue waits while an earlier one is pending, leased or failed', async () => {
  const a1 = entry(1);
  await store.insert(a1);
  const [claimed] = await store.claim('one', { heads: 10, leaseMs: 60_000 });
  const a2 = entry(1);
  await store.insert(a2);
  // a1 is leased: a2 is not a head, so another forwarder cannot overtake it.
  await expect(store.claim('two', { heads: 10, leaseMs: 60_000 })).resolves.toEqual([]);
  await store.markFailed({ id: claimed!.id, error: 'Temporal unavailable', retryInMs: 60_000, counts: true, maxAttempts: 10 }, []);
  await expect(store.claim('two', { heads: 10, leaseMs: 60_000 })).resolves.toEqual([]);
  const { rows } = await db.pool.query('SELECT attempts, last_error FROM webhook_inbox WHERE delivery_id = $1', [a1.deliveryId]);
  expect(rows[0]).toEqual({ attempts: 1, last_error: 'Temporal unavailable' });
  await db.pool.query('UPDATE webhook_inbox SET next_attempt_at = now()');
  const retried = await store.claim('two', { heads: 10, leaseMs: 60_000 });
  expect(retried.map((d) => d.deliveryId)).toEqual([a1.deliveryId, a2.deliveryId]);
});

test('an expired lease (its forwarder died) is taken over', async () => {
  const e = entry(3);
  await store.insert(e);
  await store.claim('dead', { heads: 10, leaseMs: 1 });
  await new Promise((r) => setTimeout(r, 20));
  await expect(store.claim('alive', { heads: 10, leaseMs: 60_000 })).resolves.toMatchObject([{ deliveryId: e.deliveryId }]);
});

test('the backlog counts what is not forwarded; forwarded rows past retention are pruned', async () => {
  const a = entry(1);
  const b = entry(2);
  await store.insert(a);
  await store.insert(b);
  expect((await store.backlog()).pending).toBe(2);
  const claimed = await store.claim('one', { heads: 10, leaseMs: 60_000 });
  await store.markForwarded(claimed.filter((d) => d.deliveryId === a.deliveryId).map((d) => d.id));
  await store.release(claimed.filter((d) => d.deliveryId === b.deliveryId).map((d) => d.id));
  expect(await store.backlog()).toMatchObject({ pending: 1 });
  await db.pool.query("UPDATE webhook_inbox SET received_at = now() - interval '8 days'");
  await expect(store.prune(7 * 86_400_000)).resolves.toBe(1);
  const { rows } = await db.pool.query('SELECT delivery_id FROM webhook_inbox');
  expect(rows).toEqual([{ delivery_id: b.deliveryId }]);
});
