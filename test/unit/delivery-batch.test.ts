import { asksForTriage, isEnding, isStale, orderBatch } from '../../workflows/delivery-batch';
import type { DeliverySignal } from '../../src/domain/github-event';

const d = (deliveryId: string, action: DeliverySignal['action'], githubUpdatedAt: string | null, eventName: DeliverySignal['eventName'] = 'issues'): DeliverySignal =>
  ({ deliveryId, eventName, action, githubUpdatedAt, receivedAt: '2026-12-01T00:00:00Z' });

test('the delivery with the newest updated_at carries the facts; among equals the last to arrive', () => {
  const batch = [d('a', 'edited', '2026-12-01T10:00:02Z'), d('b', 'edited', '2026-12-01T10:00:01Z'), d('c', 'labeled', '2026-12-01T10:00:02Z')];
  expect(orderBatch(batch).map((x) => x.deliveryId)).toEqual(['a', 'b', 'c']);
  const late = [d('a', 'edited', '2026-12-01T10:00:03Z'), d('b', 'edited', '2026-12-01T10:00:01Z')];
  expect(orderBatch(late).map((x) => x.deliveryId)).toEqual(['b', 'a']);
});

test('without updated_at, arrival order decides', () => {
  expect(orderBatch([d('a', 'edited', null), d('b', 'edited', '2026-12-01T10:00:00Z'), d('c', 'edited', null)]).map((x) => x.deliveryId)).toEqual(['a', 'b', 'c']);
});

test('a batch older than the applied facts is stale; a batch without timestamps never is', () => {
  expect(isStale(d('a', 'edited', '2026-12-01T10:00:00Z'), '2026-12-01T10:00:01Z')).toBe(true);
  expect(isStale(d('a', 'edited', '2026-12-01T10:00:01Z'), '2026-12-01T10:00:01Z')).toBe(false);
  expect(isStale(d('a', 'edited', null), '2026-12-01T10:00:01Z')).toBe(false);
  expect(isStale(d('a', 'edited', '2026-12-01T10:00:00Z'), null)).toBe(false);
});

test('only opened, edited and reopened issues events ask for a triage; closing actions end the issue', () => {
  expect(asksForTriage([d('a', 'labeled', null), d('b', 'edited', null)])).toBe(true);
  expect(asksForTriage([d('a', 'labeled', null), d('b', 'created', null, 'issue_comment')])).toBe(false);
  expect(['closed', 'deleted', 'transferred', 'reopened', 'open', null].map((a) => isEnding(a))).toEqual([true, true, true, false, false, false]);
});
