import type { Client } from '@temporalio/client';

/**
 * The names of the activities a workflow run executed, in order: remote ones from their scheduled
 * events, local ones from the markers the SDK records for them (each shown by name in the Temporal UI).
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
