import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { sweepRepositories } from '../../workflows/sweep';
import { SWEEP_WORKFLOW_TYPE, sweepScheduleId } from '../domain/sweep';
import type { Logger } from '../log';

// The `triageflow-sweep` Temporal Schedule: created or updated by every worker that starts with GitHub
// credentials, removed by one that starts with the sweep off. Temporal does the timing, keeps one sweep
// at a time and shows each run in its UI.

export type ScheduleChange = 'created' | 'updated' | 'removed' | 'absent';

export interface SweepScheduleSettings {
  taskQueue: string;
  intervalMs: number;
  /** Why the sweep is off (no credentials, interval 0): the schedule is removed. */
  off: string | null;
}

export async function applySweepSchedule(client: Client, s: SweepScheduleSettings, log: Logger): Promise<ScheduleChange> {
  const scheduleId = sweepScheduleId(s.taskQueue);
  const handle = client.schedule.getHandle(scheduleId);
  if (s.off) {
    try {
      await handle.delete();
      log.info({ scheduleId, reason: s.off }, 'sweep schedule removed');
      return 'removed';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'absent';
      throw err;
    }
  }
  const options = {
    scheduleId,
    spec: { intervals: [{ every: s.intervalMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: SWEEP_WORKFLOW_TYPE,
      args: [{}] as Parameters<typeof sweepRepositories>,
      taskQueue: s.taskQueue,
      workflowId: scheduleId,
    },
    policies: {
      // Never two sweeps at once from the schedule: a slow one makes the next wait for its turn.
      overlap: ScheduleOverlapPolicy.SKIP,
      // After an outage (ours or Temporal's) one sweep catches up at once, not one per missed interval.
      catchupWindow: Math.max(s.intervalMs, 60_000),
    },
  } satisfies ScheduleOptions;
  const note = `Reconciles Triageflow with GitHub every ${every(s.intervalMs)} (GITHUB_SWEEP_INTERVAL).`;
  try {
    // The first sweep runs at once: what GitHub holds from before the webhook, or from an outage, comes in now.
    await client.schedule.create({ ...options, state: { note, triggerImmediately: true } });
    log.info({ scheduleId, intervalMs: s.intervalMs }, 'sweep schedule created');
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  // A pause set in the Temporal UI is an operator's decision: a restarted worker keeps it.
  await handle.update((prev) => ({ ...prev, spec: options.spec, action: options.action, policies: { ...prev.policies, ...options.policies }, state: prev.state.paused ? prev.state : { paused: false, note } }));
  log.info({ scheduleId, intervalMs: s.intervalMs }, 'sweep schedule updated');
  return 'updated';
}

const every = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/** The schedule as Temporal holds it, for the dashboard. */
export async function describeSweepSchedule(client: Client, taskQueue: string): Promise<{ id: string; exists: boolean; paused: boolean; nextRunAt: string | null }> {
  const id = sweepScheduleId(taskQueue);
  try {
    const d = await client.schedule.getHandle(id).describe();
    return { id, exists: true, paused: d.state.paused, nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return { id, exists: false, paused: false, nextRunAt: null };
    throw err;
  }
}
