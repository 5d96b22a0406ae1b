import type { DeliverySignal } from '../src/domain/github-event';

// Pure rules for a batch of queued deliveries of one issue: which one carries the facts that apply, and
// whether the batch asks for a new triage at all.

const RETRIAGE_ACTIONS: readonly string[] = ['opened', 'edited', 'reopened'];

/**
 * The batch in arrival order with the delivery whose facts win moved last: the newest GitHub
 * `updated_at`, and among equals (or without one) the last to arrive.
 */
export function orderBatch(batch: DeliverySignal[]): DeliverySignal[] {
  let latest = batch.length - 1;
  for (let i = batch.length - 2; i >= 0; i--) {
    const a = batch[i]!.githubUpdatedAt;
    const b = batch[latest]!.githubUpdatedAt;
    if (a && b && Date.parse(a) > Date.parse(b)) latest = i;
  }
  return [...batch.slice(0, latest), ...batch.slice(latest + 1), batch[latest]!];
}

/** True when every delivery is older than the facts already applied: they are recorded and change nothing. */
export function isStale(latest: DeliverySignal, appliedUpdatedAt: string | null): boolean {
  return !!(latest.githubUpdatedAt && appliedUpdatedAt && Date.parse(latest.githubUpdatedAt) < Date.parse(appliedUpdatedAt));
}

export function asksForTriage(batch: DeliverySignal[]): boolean {
  return batch.some((d) => d.eventName === 'issues' && RETRIAGE_ACTIONS.includes(d.action));
}

// An issue ends with these actions, and the parsed GitHub state carries the same names (see src/domain/parse-event.ts).
const ENDINGS: readonly (string | null)[] = ['closed', 'deleted', 'transferred'];

/** A delivery action, or a stored GitHub state, after which the workflow may complete. */
export const isEnding = (actionOrState: string | null): boolean => ENDINGS.includes(actionOrState);
