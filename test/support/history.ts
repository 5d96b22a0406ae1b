import type { Client } from '@temporalio/client';

/**
 * The names of the activities a workflow ran, in order: remote ones from their scheduled events, local
 * ones from the markers the SDK records for them (what the Temporal UI shows for each step).
 */
export async function activityNames(temporal: Client, workflowId: string, runId?: string): Promise<string[]> {
  const names: string[] = [];
  for (const event of (await temporal.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? []) {
    const remote = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (remote) names.push(remote);
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      const data = marker.details?.data?.payloads?.[0]?.data;
      if (data) names.push((JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type);
    }
  }
  return names;
}

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
