import type { Client } from '@temporalio/client';
import { activityNames } from '../../src/temporal/activity-history';

export { activityNames };

export async function activityCount(temporal: Client, workflowId: string, activityType: string): Promise<number> {
  return (await activityNames(temporal, workflowId)).filter((n) => n === activityType).length;
}

/**
 * The count once it is non-zero (or 0 after `timeoutMs`): local activities' markers reach the history
 * when their workflow task completes, a moment after the database writes a test can see.
 */
export async function settledActivityCount(temporal: Client, workflowId: string, activityType: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = await activityCount(temporal, workflowId, activityType);
  while (count === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    count = await activityCount(temporal, workflowId, activityType);
  }
  return count;
}
