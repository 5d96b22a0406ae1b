import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/log';
import { startForwarder } from '../../src/inbox/forwarder';
import { paceOf, slotTimes } from '../../src/inbox/pace';
import type { ClaimedDelivery } from '../../src/inbox/store';
import { inboxTestDatabase } from './support';

// A repository's pace: the times reserved for its deliveries (pure), reserved atomically in a real
// (embedded) PostgreSQL, and the forwarder sending a flood at that pace while other repositories go on.

const t = inboxTestDatabase('webhook_inbox, repo_pace');

test('the default pace lets 50 through at once, then one every 0.6 s: at most 150 in any minute', () => {
  const pace = paceOf({ perMinute: 100, burst: 50 })!;
  const now = 1_000_000;
  const times = slotTimes(pace, 200, now + 200 * pace.intervalMs, now);
  expect(times.slice(0, 50).every((t) => t === now)).toBe(true);
  expect(times[50]! - now).toBeCloseTo(600, 6);
  expect(times[149]! - now).toBeCloseTo(60_000, 6);
  for (let i = 0; i < times.length; i++) {
    const inMinute = times.filter((t) => t >= times[i]! && t < times[i]! + 60_000).length;
    expect(inMinute).toBeLessThanOrEqual(150);
  }
});

test('without a burst one goes at once and the rest at the pace; a limit of 0 is no pace', () => {
  const pace = paceOf({ perMinute: 30, burst: 0 })!;
  const times = slotTimes(pace, 40, 0 + 40 * pace.intervalMs, 0);
  expect(times[0]).toBe(0);
  expect(times[1]).toBeCloseTo(2_000, 6);
  expect(times[39]).toBeCloseTo(78_000, 6);
  expect(paceOf({ perMinute: 0, burst: 50 })).toBeNull();
});

test('reservations of two forwarders at once never overlap: the repository\'s tat advances atomically', async () => {
  const pace = paceOf({ perMinute: 60, burst: 1 })!;
  const [a, b] = await Promise.all([t.store.reservePace([{ repoId: 5, count: 3 }], pace.intervalMs), t.store.reservePace([{ repoId: 5, count: 2 }], pace.intervalMs)]);
  const slots = [a.get(5)!, b.get(5)!].flatMap((r, i) => slotTimes(pace, i === 0 ? 3 : 2, r.tat, r.now)).sort((x, y) => x - y);
  const gaps = slots.slice(1).map((t, i) => t - slots[i]!);
  // Five distinct times a second apart (within the milliseconds between the two statements).
  expect(gaps.every((g) => g > 900 && g < 1_100)).toBe(true);
});

async function insert(repoId: number, number: number): Promise<string> {
  const deliveryId = randomUUID();
  await t.store.insert({ deliveryId, eventName: 'issues', action: 'opened', repoId, repoFullName: `o/r${repoId}`, number, workflowId: `triage-issue-${repoId}-${number}`, githubUpdatedAt: null, rawPayload: '{}' });
  return deliveryId;
}

test('a flood of one repository goes at its pace while another repository\'s delivery goes at once', async () => {
  const sent: { id: string; at: number }[] = [];
  const f = await startForwarder({
    pool: t.db.pool, store: t.store, log: silentLogger, sweepMs: 50, pace: paceOf({ perMinute: 600, burst: 5 }),
    send: async (d: ClaimedDelivery) => void sent.push({ id: d.deliveryId, at: Date.now() }),
  });
  t.running.push(f);
  const flood: string[] = [];
  for (let i = 1; i <= 25; i++) flood.push(await insert(1, i));
  f.wake();
  const other = await insert(2, 1);
  f.wake();
  const started = Date.now();
  while (sent.length < 26 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 25));
  expect(sent.map((s) => s.id).sort()).toEqual([...flood, other].sort());
  // 5 at once, then 10 a second: the 25th about 2 s after the first; the other repository waited for none of it.
  const floodTimes = sent.filter((s) => flood.includes(s.id)).map((s) => s.at);
  expect(Math.max(...floodTimes) - Math.min(...floodTimes)).toBeGreaterThanOrEqual(1_800);
  const otherAt = sent.find((s) => s.id === other)!.at;
  expect(otherAt - Math.min(...floodTimes)).toBeLessThan(1_000);
  const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_inbox WHERE forwarded_at IS NULL');
  expect(rows[0]!.n).toBe(0);
});

test('while deliveries wait for the pace, the stats count them as throttled', async () => {
  const pace = paceOf({ perMinute: 1, burst: 1 });
  const f = await startForwarder({ pool: t.db.pool, store: t.store, log: silentLogger, sweepMs: 50, pace, send: async () => undefined });
  t.running.push(f);
  for (let i = 1; i <= 4; i++) await insert(3, i);
  f.wake();
  let stats = await t.store.repoStats();
  const started = Date.now();
  while (stats.find((s) => s.repoId === 3)?.throttled !== 3 && Date.now() - started < 10_000) {
    await new Promise((r) => setTimeout(r, 50));
    stats = await t.store.repoStats();
  }
  expect(stats.find((s) => s.repoId === 3)).toMatchObject({ repo: 'o/r3', pending: 3, throttled: 3, parked: 0, refused: 0 });
});
