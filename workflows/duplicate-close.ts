import { ActivityFailure, ApplicationFailure, isCancellation, log, patched, proxyActivities, proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import type { TriageActivities } from '../activities';
import { databaseActivity, githubActivity } from './activity-options';
import type { DeliverySignal } from '../src/domain/github-event';
import type { CorrectionInput } from '../src/domain/correction';
import type { TriageState } from '../src/domain/triage-state';

// The workflow's side of close-as-duplicate. A write-back that posts the notice starts the countdown;
// the workflow keeps its deadline (workflow time, so it replays to the same value) and waits on its
// own timer, as the review gate does, while the other events are handled. What objects ends
// the countdown for good: a correction, the author's comment, the duplicate label removed (a correction
// too), a 👎 (read at the deadline), the issue closed by someone else.

const { closeDuplicate, reopenCorrection } = proxyActivities<TriageActivities>(githubActivity);
const { duplicateObjection, endDuplicateClose } = proxyLocalActivities<TriageActivities>(databaseActivity);

// Marks the histories that look at reopens; older runs replay without that step.
const REOPEN_PATCH = 'duplicate-close-reopen';

/** Takes in the countdown a write-back reported: undefined changes nothing, null ends any. */
export function keepCountdown(state: TriageState, running: { afterMs: number; duplicateOf: number } | null | undefined): void {
  if (running === undefined) return;
  state.duplicateClose = running ? { until: Date.now() + running.afterMs, duplicateOf: running.duplicateOf } : null;
}

/** At the deadline: closes the issue as a duplicate unless an objection stands. */
export async function closeAtDeadline(state: TriageState): Promise<void> {
  const countdown = state.duplicateClose;
  state.duplicateClose = null;
  try {
    const result = await closeDuplicate({ repoId: state.repoId, repoFullName: state.repoFullName, number: state.number });
    log.info('duplicate countdown ended', { workflowId: state.workflowId, duplicateOf: countdown?.duplicateOf, status: result.status, reason: result.reason });
  } catch (err) {
    if (!(err instanceof TemporalFailure) || isCancellation(err)) throw err;
    const cause = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
    const reason = `Closing as a duplicate did not finish after its retries: ${cause}. The issue stays open; close it by hand if it is one.`;
    log.error('close as duplicate failed', { workflowId: state.workflowId, reason });
    await endDuplicateClose({ repoId: state.repoId, number: state.number, status: 'failed', reason });
  }
}

/** The author's comment during a countdown objects; a person's reopen of an issue Triageflow closed is a correction. */
export async function duplicateEvents(batch: DeliverySignal[], state: TriageState, apply: (c: CorrectionInput) => Promise<void>): Promise<void> {
  const key = { repoId: state.repoId, number: state.number };
  for (const delivery of batch) {
    if (delivery.eventName === 'issue_comment' && state.duplicateClose) {
      const reason = await duplicateObjection({ deliveryId: delivery.deliveryId, ...key });
      if (reason) {
        log.info('duplicate countdown objected', { workflowId: state.workflowId, reason });
        state.duplicateClose = null;
      }
    } else if (delivery.eventName === 'issues' && delivery.action === 'reopened' && patched(REOPEN_PATCH)) {
      const correction = await reopenCorrection({ deliveryId: delivery.deliveryId, ...key });
      if (correction) await apply(correction);
    }
  }
}

/**
 * A correction during a countdown objects: a person is looking and decides. On GitHub only the
 * duplicate label's removal does; another label edit says nothing about the duplicate.
 */
export async function correctionObjects(state: TriageState, correction: CorrectionInput): Promise<void> {
  if (!state.duplicateClose || (correction.source === 'github' && correction.duplicateOf === undefined)) return;
  const reason = correction.source === 'github' ? (correction.note ?? `${correction.actor} said on GitHub it is not a duplicate.`) : `${correction.actor} corrected the triage on the dashboard.`;
  log.info('duplicate countdown objected', { workflowId: state.workflowId, reason });
  state.duplicateClose = null;
  await endDuplicateClose({ repoId: state.repoId, number: state.number, status: 'objected', reason });
}

/** The issue was closed, deleted or transferred by someone else while counting down. */
export async function endedDuringCountdown(state: TriageState): Promise<void> {
  if (!state.duplicateClose) return;
  state.duplicateClose = null;
  await endDuplicateClose({ repoId: state.repoId, number: state.number, status: 'cancelled', reason: 'Someone closed (or moved) the issue before the deadline.' });
}
