import { ActivityFailure, ApplicationFailure, isCancellation, log, patched, proxyActivities, proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import type { TriageActivities } from '../activities';
import type { WriteBackCause } from '../activities/write-back';
import { databaseActivity, githubActivity } from './activity-options';
import type { DeliverySignal } from '../src/domain/github-event';
import type { CorrectionInput } from '../src/domain/correction';
import type { TriageState } from '../src/domain/triage-state';
import { keepCountdown } from './duplicate-close';

// The workflow's side of write-back to GitHub. GitHub calls are ordinary activities (githubActivity):
// they go over the network and may wait out rate limits. Without credentials nothing reaches GitHub,
// so a local activity records the dry run.
const { writeBack, labelCorrection, typeCorrection } = proxyActivities<TriageActivities>(githubActivity);
const { recordWriteBackFailure, writeBackWithoutCredentials } = proxyLocalActivities<TriageActivities>(databaseActivity);

/**
 * Runs started before write-back existed replay without it: the patch marks the histories that have it.
 * The option lets an operator turn the step off (GITHUB_WRITE_BACK=0) and keeps runs started without it
 * (and workflow tests with mocked activities) as they were.
 */
export function writeBackEnabled(options: { githubWriteBack?: boolean }): boolean {
  return options.githubWriteBack === true && patched('github-write-back');
}

/** Writes the triage's labels to GitHub, or holds it for review; what happened goes into the state. */
export async function writeBackTriage(state: TriageState, how: { deliveryId?: string; reviewed: boolean; reviewTimedOut?: 'write' | 'skip'; cause: WriteBackCause }): Promise<void> {
  if (!state.triage) return;
  try {
    const input = { repoId: state.repoId, repoFullName: state.repoFullName, number: state.number, triage: state.triage, ...how };
    // Without credentials (the dev default) the step is a local dry run; the remote activity, with its
    // server round trip, is for the GitHub calls. Runs from before the patch replay the remote call.
    const local = patched('write-back-local-without-credentials') ? await writeBackWithoutCredentials(input) : null;
    const result = local ?? await writeBack(input);
    state.writeBack = { status: result.status, reason: result.reason };
    if (result.issueType !== undefined) state.issueType = result.issueType;
    keepCountdown(state, result.duplicateClose);
    // Workflow time is deterministic, so the deadline replays to the same value.
    state.review = result.status === 'awaiting-review' && result.review ? { until: Date.now() + result.review.timeoutMs, onTimeout: result.review.onTimeout } : null;
  } catch (err) {
    if (!(err instanceof TemporalFailure) || isCancellation(err)) throw err;
    const cause = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
    const reason = `Write-back to GitHub did not finish after its retries: ${cause}. The next triage, correction or approval tries again.`;
    log.error('write-back failed', { workflowId: state.workflowId, reason });
    state.writeBack = { status: 'failed', reason };
    state.review = null;
    await recordWriteBackFailure({ repoId: state.repoId, number: state.number, reason }).catch((recordErr: unknown) => {
      log.warn('write-back failure not recorded', { workflowId: state.workflowId, error: String(recordErr) });
    });
  }
}

const LABEL_ACTIONS: readonly string[] = ['labeled', 'unlabeled'];
const TYPE_ACTIONS: readonly string[] = ['typed', 'untyped'];
// Marks the histories that read people's issue types; older runs replay without those steps.
const ISSUE_TYPES_PATCH = 'issue-type-corrections';

/**
 * A person's label and issue-type edits on GitHub, one correction per delivery (Triageflow's own edits
 * yield none). `seen` is the type the batch's newest delivery showed: one the workflow has not seen yet
 * (an issue that arrived with a type) is a person's too.
 */
export async function correctionsFromGithub(batch: DeliverySignal[], state: TriageState, seen: { deliveryId: string; type: string | null } | undefined, apply: (c: CorrectionInput) => Promise<void>): Promise<void> {
  const key = { repoId: state.repoId, number: state.number };
  let typeEvents = false;
  for (const delivery of batch) {
    if (delivery.eventName !== 'issues') continue;
    let correction: CorrectionInput | null = null;
    if (LABEL_ACTIONS.includes(delivery.action)) {
      correction = await labelCorrection({ deliveryId: delivery.deliveryId, ...key });
    } else if (TYPE_ACTIONS.includes(delivery.action) && patched(ISSUE_TYPES_PATCH)) {
      typeEvents = true;
      correction = await typeCorrection({ deliveryId: delivery.deliveryId, ...key });
    }
    if (correction) await apply(correction);
  }
  if (!seen || seen.type === (state.issueType ?? null) || !patched(ISSUE_TYPES_PATCH)) return;
  if (seen.type && !typeEvents) {
    const correction = await typeCorrection({ deliveryId: seen.deliveryId, ...key });
    if (correction) await apply(correction);
  }
  state.issueType = seen.type;
}
