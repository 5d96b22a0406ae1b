import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/log';
import { startForwarder } from '../../src/inbox/forwarder';
import type { ClaimedDelivery } from '../../src/inbox/store';
import { inboxTestDatabase } from './support';

// The forwarder against a real (embedded) PostgreSQL and a fake `send` standing in for Temporal's
// signal-with-start: arrival order per issue, backoff through failures, and two forwarders sharing one
// backlog without sending a delivery twice.

const t = inboxTestDatabase();

async function insert(number: number): Promise<string> {
  const deliveryId = randomUUID();
  await t.store.insert({ deliveryId, eventName: 'issues', action: 'edited', repoId: 9, repoFullName: 'o/r', number, workflowId: `triage-issue-9-${number}`, githubUpdatedAt: null, rawPayload: '{}' });
  return deliveryId;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const forwarder = async (send: (d: ClaimedDelivery) => Promise<void>) => {
  const f = await startForwarder({ pool: t.db.pool, store: t.store, log: silentLogger, send, sweepMs: 100 });
  t.running.push(f);
  return f;
};

test('one issue\'s deliveries are sent in arrival order, and a failure holds back the ones behind it', async () => {
  const ids = [await insert(1), await insert(1), await insert(1)];
  const sent: string[] = [];
  let failures = 1;
  await forwarder(async (d) => {
    if (d.deliveryId === ids[1] && failures-- > 0) throw new Error('Temporal unavailable');
    sent.push(d.deliveryId);
  });
  await until('all three forwarded', async () => (await t.store.backlog()).pending === 0);
  expect(sent).toEqual(ids);
  const { rows } = await t.db.pool.query('SELECT attempts FROM webhook_inbox WHERE delivery_id = $1', [ids[1]]);
  expect(rows[0].attempts).toBe(1);
});

test('an outage only grows the backlog; it drains once sends succeed again', async () => {
  let up = false;
  const sent: string[] = [];
  const f = await forwarder(async (d) => {
    if (!up) throw new Error('Temporal unavailable');
    sent.push(d.deliveryId);
  });
  const ids = [await insert(1), await insert(2), await insert(3)];
  f.wake();
  await until('a failed attempt', async () => (await t.db.pool.query('SELECT 1 FROM webhook_inbox WHERE attempts > 0')).rows.length > 0);
  expect((await t.store.backlog()).pending).toBe(3);
  up = true;
  await until('the backlog drained', async () => (await t.store.backlog()).pending === 0);
  expect([...sent].sort()).toEqual([...ids].sort());
});

test('two forwarders share one backlog and send every delivery once', async () => {
  const sent: string[] = [];
  const send = async (d: ClaimedDelivery) => {
    await new Promise((r) => setTimeout(r, 2));
    sent.push(d.deliveryId);
  };
  const [a, b] = [await forwarder(send), await forwarder(send)];
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    ids.push(await insert(i % 12));
    (i % 2 ? a : b).wake();
  }
  await until('all forwarded', async () => (await t.store.backlog()).pending === 0);
  expect(sent).toHaveLength(60);
  expect(new Set(sent).size).toBe(60);
  // Per issue, the order of sending is the order of arrival.
  for (let n = 0; n < 12; n++) {
    const issue = ids.filter((_, i) => i % 12 === n);
    expect(sent.filter((id) => issue.includes(id))).toEqual(issue);
  }
});
