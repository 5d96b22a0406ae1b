import { condition, proxyLocalActivities, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { databaseActivity, notifyActivity, offlineModelActivity, validationActivity } from '../../workflows/activity-options';
import { deliverySignal } from '../../workflows/definitions';
import { TriageCategory, TriageConfidence, TriageCorrected, TriagePriority, TriageRepo, TriageStatus } from '../../src/domain/search-attributes';
import type { DeliverySignal } from '../../src/domain/github-event';
import type { BaselineActivities } from './baseline-activities';

// The triage workflow's shape with nothing inside: the same signal, the same local activities with the
// same options, in the same order, the same search-attribute and memo upserts, and the same wait for
// the next event afterwards. What it sustains is the ceiling the engine and this machine allow.

const { loadState, dedupe, findNearDuplicates, persist, writeBackWithoutCredentials } = proxyLocalActivities<BaselineActivities>(databaseActivity);
const { validate } = proxyLocalActivities<BaselineActivities>(validationActivity);
const { embed, classify } = proxyLocalActivities<BaselineActivities>(offlineModelActivity);
const { notify } = proxyLocalActivities<BaselineActivities>(notifyActivity);

const IDLE_TIMEOUT = '7d';

export async function baselineTriage(args: { repoFullName: string; number: number }): Promise<void> {
  const pending: DeliverySignal[] = [];
  setHandler(deliverySignal, (d) => void pending.push(d));
  await loadState(args.number);
  if (!(await condition(() => pending.length > 0, IDLE_TIMEOUT))) return;
  const delivery = pending.shift()!;
  await dedupe(delivery.deliveryId);
  await validate(delivery.deliveryId);
  await embed(delivery.deliveryId);
  await findNearDuplicates(args.number);
  await classify(delivery.deliveryId);
  await persist(delivery.deliveryId);
  upsertSearchAttributes([
    { key: TriageRepo, value: args.repoFullName }, { key: TriageStatus, value: 'triaged' }, { key: TriageCorrected, value: false },
    { key: TriageCategory, value: 'bug' }, { key: TriagePriority, value: 'p2' }, { key: TriageConfidence, value: 0.5 },
  ]);
  upsertMemo({ title: `#${args.number}` });
  await notify(args.number);
  await writeBackWithoutCredentials(args.number);
  await condition(() => pending.length > 0, IDLE_TIMEOUT);
}
