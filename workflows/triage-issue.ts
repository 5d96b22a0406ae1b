import {
  ActivityFailure, ApplicationFailure, condition, continueAsNew, isCancellation, log, patched, proxyActivities, proxyLocalActivities, setHandler,
  TemporalFailure, workflowInfo,
} from '@temporalio/workflow';
import type { TriageActivities } from '../activities';
import type { DedupeResult } from '../activities/dedupe';
import { databaseActivity, notifyActivity, offlineModelActivity, remoteModelActivity, validationActivity } from './activity-options';
import { asksForTriage, isEnding, isStale, orderBatch } from './delivery-batch';
import { approveSignal, correctSignal, deliverySignal, stateQuery } from './definitions';
import { correctionsFromGithub, writeBackEnabled, writeBackTriage } from './write-back';
import { closeAtDeadline, correctionObjects, duplicateEvents, endedDuringCountdown } from './duplicate-close';
import { assistAfterWriteBack, assistantEnabled, classifyLocally, commentToCheck, keptFromRemoteModel, notifyUrgent, recordAssignmentChanges, rememberSecurity, screen, type AssistantOptions } from './assistant';
import { withSecurityVerdict } from '../src/domain/assistant';
import { createPublisher, type Publisher } from './inspection';
import { RecentIds } from './recent-ids';
import { applyClassification, applyCorrection, correctionDiff, correctionProblem, initialState, settledStatus, statusAfterCorrection } from '../src/domain/triage-rules';
import type { Classification, SimilarIssue } from '../src/domain/triage';
import type { DeliverySignal } from '../src/domain/github-event';
import type { CorrectionInput } from '../src/domain/correction';
import type { TriageState } from '../src/domain/triage-state';
import type { PendingItem, TriageIssueArgs } from './types';

const { validate } = proxyLocalActivities<TriageActivities>(validationActivity);
const { dedupe, findNearDuplicates, persist, persistCorrection, loadState, parkDeliveries } = proxyLocalActivities<TriageActivities>(databaseActivity);
const offlineModel = proxyLocalActivities<TriageActivities>(offlineModelActivity);
const remoteModel = proxyActivities<TriageActivities>(remoteModelActivity);
const { notify } = proxyLocalActivities<TriageActivities>(notifyActivity);

// Continue-as-new well before Temporal's 50k-event history limit.
const DEFAULT_MAX_HISTORY_EVENTS = 5_000;

export interface TriageWorkflowOptions {
  idleTimeoutMs: number;
  /** History length past which the workflow continues as new; optional for runs started before it existed. */
  maxHistoryEvents?: number;
  nearDuplicateThreshold: number;
  /** The model is a remote service: its calls run as ordinary activities with long backoff. */
  remoteModel?: boolean;
  /** Write triages back to GitHub (a dry run unless the repository's config says otherwise); absent in older runs. */
  githubWriteBack?: boolean;
  /** The triage assistant (security screen, notifications); absent in older runs and when turned off. */
  assistant?: AssistantOptions;
}

interface Step {
  deliveryId: string;
  handled: string[];
  workflowId: string;
}

/**
 * One long-lived workflow per GitHub issue. Deliveries (from the webhook inbox) and human corrections
 * arrive as signals and are handled in arrival order; deliveries queued together are handled as one
 * batch, which triages only the newest text. It completes when the issue is closed, deleted or
 * transferred, or after an idle period; a later event or correction starts it again (signal-with-start)
 * and it reloads what it knew from the database.
 */
export async function triageIssue(args: TriageIssueArgs & { options: TriageWorkflowOptions }): Promise<TriageState> {
  const { workflowId } = workflowInfo();
  const state: TriageState = args.carried?.state ?? initialState(args, workflowId);
  // Signals are small (ids and timestamps) and the rate limit bounds how many queue per issue, so what
  // continue-as-new carries stays small.
  const pending: PendingItem[] = [...(args.carried?.pending ?? [])];
  const seenDeliveries = new RecentIds(args.carried?.seenDeliveries ?? []);
  const seenCorrections = new RecentIds(args.carried?.seenCorrections ?? []);
  const publisher = createPublisher(args.carried ? state : undefined);

  setHandler(deliverySignal, (delivery) => void pending.push({ kind: 'delivery', delivery }));
  setHandler(correctSignal, (correction) => void pending.push({ kind: 'correction', correction }));
  setHandler(approveSignal, ({ actor }) => void pending.push({ kind: 'approval', actor }));
  setHandler(stateQuery, () => state);

  if (!args.carried) {
    const stored = await loadState({ repoId: args.repoId, number: args.number });
    if (stored) Object.assign(state, stored);
  }

  // A closed issue's workflow only wakes for a correction or a reopen, and completes again afterwards.
  let finished = isTerminal(state);
  for (;;) {
    if (pending.length === 0) {
      if (finished) break;
      // An issue held for review, or counting down to a close as duplicate, wakes at its deadline; runs
      // without either wait exactly as before.
      const review = state.review;
      const countdown = state.duplicateClose;
      const deadline = Math.min(review?.until ?? Infinity, countdown?.until ?? Infinity);
      const waitMs = deadline < Infinity ? Math.max(1, Math.min(args.options.idleTimeoutMs, deadline - Date.now())) : args.options.idleTimeoutMs;
      const arrived = await condition(() => pending.length > 0, waitMs);
      if (!arrived) {
        if (review && Date.now() >= review.until) {
          log.info('review timed out', { workflowId, onTimeout: review.onTimeout });
          await writeBackTriage(state, { reviewed: true, reviewTimedOut: review.onTimeout, cause: { kind: 'review-timeout' } });
          if (assistantEnabled(args.options) && writeBackEnabled(args.options)) await assistAfterWriteBack(state, 'review-timeout');
          await publish(state, publisher);
          continue;
        }
        if (countdown && Date.now() >= countdown.until) {
          await closeAtDeadline(state);
          await publish(state, publisher);
          continue;
        }
        // A countdown longer than the idle timeout keeps the workflow: nothing else would close the issue.
        if (countdown) continue;
        break;
      }
    }
    const item = pending[0]!;
    if (item.kind === 'correction') {
      pending.shift();
      if (!seenCorrections.has(item.correction.correctionId)) {
        seenCorrections.add(item.correction.correctionId);
        await handleCorrection(item.correction, state, publisher, args.options);
      }
    } else if (item.kind === 'approval') {
      pending.shift();
      // An approval of an issue that is not held (already approved, corrected or timed out) changes nothing.
      if (state.review) {
        log.info('triage approved', { workflowId, actor: item.actor });
        await writeBackTriage(state, { reviewed: true, cause: { kind: 'approval', ref: item.actor } });
        if (assistantEnabled(args.options) && writeBackEnabled(args.options)) await assistAfterWriteBack(state, 'approval');
        await publish(state, publisher);
      }
    } else {
      const fresh: DeliverySignal[] = [];
      for (let next = pending[0]; next?.kind === 'delivery'; next = pending[0]) {
        pending.shift();
        const key = seenKey(next.delivery);
        if (seenDeliveries.has(key)) continue;
        seenDeliveries.add(key);
        fresh.push(next.delivery);
      }
      if (fresh.length) {
        finished = await handleDeliveries(fresh, state, args.options, publisher, seenCorrections);
      }
    }
    // A finished issue with nothing queued completes at the top of the loop; there is no run to carry on.
    if (finished && pending.length === 0) continue;
    const { continueAsNewSuggested, historyLength } = workflowInfo();
    if (continueAsNewSuggested || historyLength > (args.options.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS)) {
      log.info('continuing as new', { workflowId, historyLength, pending: pending.length });
      await continueAsNew<typeof triageIssue>({
        ...args,
        carried: { state, pending, seenDeliveries: seenDeliveries.toJSON(), seenCorrections: seenCorrections.toJSON() },
      });
    }
  }
  return state;
}

/** Handles deliveries queued together; resolves true when the issue's workflow may complete. */
async function handleDeliveries(batch: DeliverySignal[], state: TriageState, options: TriageWorkflowOptions, publisher: Publisher, seenCorrections: RecentIds): Promise<boolean> {
  const ordered = orderBatch(batch);
  const latest = ordered[ordered.length - 1]!;
  const handled = ordered.map((d) => d.deliveryId);
  let triagedBy: string | undefined;
  // Counted as they are taken up (every path below handles them, a failure included), not after the
  // remote write-back at the end: a query must not see stored deliveries as unhandled while it runs.
  state.eventsHandled += batch.length;
  try {
    if (isStale(latest, state.githubUpdatedAt)) {
      // GitHub delivers out of order at times: facts older than the stored ones are recorded, not applied.
      await persist({ kind: 'handled', handled });
      return isTerminal(state);
    }
    const facts = await dedupe({ deliveryIds: handled, repoId: state.repoId, number: state.number });
    if (facts.latestDeliveryId === null) {
      // Redeliveries whose effect is stored (perhaps by an earlier run): their stale facts change nothing.
      log.info('redelivery skipped', { workflowId: state.workflowId, deliveries: handled.length });
      // A workflow task that timed out after persist committed is retried and lands here with its notify
      // and search attributes lost: publish what is stored (loadState read it), so nothing stays unshown.
      if (patched('publish-after-redelivery-skip')) await publish(state, publisher);
      return isTerminal(state);
    }
    const step: Step = { deliveryId: facts.latestDeliveryId, handled, workflowId: state.workflowId };
    Object.assign(state, { title: facts.title, state: facts.githubState, githubUpdatedAt: latest.githubUpdatedAt ?? state.githubUpdatedAt });
    // A renamed repository keeps its id: write-back goes to the name its newest delivery gave.
    if (facts.repoFullName && facts.repoFullName !== state.repoFullName && patched('repo-name-from-delivery')) state.repoFullName = facts.repoFullName;
    if (isEnding(facts.action)) {
      await endedDuringCountdown(state);
      state.status = facts.action === 'deleted' ? 'deleted' : 'closed';
      await persist({ kind: 'facts', ...step, status: state.status });
    } else if (asksForTriage(batch)) {
      if (await triage(step, facts, state, options)) triagedBy = step.deliveryId;
    } else {
      // labeled, unlabeled, a comment: the stored facts change, the triage does not.
      await persist({ kind: 'facts', ...step });
    }
    if (assistantEnabled(options)) await recordAssignmentChanges(ordered, state);
    if (writeBackEnabled(options)) {
      const seen = facts.issueType !== undefined ? { deliveryId: step.deliveryId, type: facts.issueType } : undefined;
      const apply = async (correction: CorrectionInput) => {
        if (seenCorrections.has(correction.correctionId)) return;
        seenCorrections.add(correction.correctionId);
        await handleCorrection(correction, state, publisher, options);
      };
      await correctionsFromGithub(ordered, state, seen, apply);
      await duplicateEvents(ordered, state, apply);
    }
  } catch (err) {
    // Retries ran out (the database was down too long): the issue shows as failed with the reason and
    // the workflow stays alive, so the next event or a correction tries again.
    if (!(err instanceof TemporalFailure) || isCancellation(err)) throw err;
    const reason = `Triage did not finish: ${activityFailure(err)?.message ?? err.cause?.message ?? err.message}. The next event for this issue tries again.`;
    log.error('deliveries failed', { workflowId: state.workflowId, deliveries: handled.length, reason });
    Object.assign(state, { status: 'failed', reason });
    // The inbox's dead letter lists them, so a person can put them back (`inbox retry`) once fixed.
    if (patched('park-failed-deliveries')) {
      await parkDeliveries({ deliveryIds: handled, reason }).catch((parkErr: unknown) => {
        log.warn('failed deliveries not parked', { workflowId: state.workflowId, error: String(parkErr) });
      });
    }
  }
  await publish(state, publisher, latest);
  // After publishing: the dashboard and the Temporal UI show the triage without waiting on GitHub.
  if (triagedBy && writeBackEnabled(options)) await writeBackTriage(state, { deliveryId: triagedBy, reviewed: false, cause: { kind: 'classification', ref: triagedBy } });
  if (assistantEnabled(options)) await assistAfterDeliveries(ordered, triagedBy, state, options);
  return isTerminal(state);
}

/**
 * The triage assistant after a batch: the team hears of an urgent triage, and, when write-back runs,
 * the assistant writes after a new triage (an edit may bring what it asked for) or looks at an author's
 * comment while it waits for information; once the information is there the issue is written again.
 */
async function assistAfterDeliveries(batch: DeliverySignal[], triagedBy: string | undefined, state: TriageState, options: TriageWorkflowOptions): Promise<void> {
  if (triagedBy) await notifyUrgent(state, options, securityReasons.get(state));
  if (!writeBackEnabled(options)) return;
  if (triagedBy) {
    await assistAfterWriteBack(state, batch.some((d) => d.action === 'edited') ? 'edited' : 'classification', triagedBy);
    return;
  }
  const comment = commentToCheck(batch, state);
  if (!comment || isTerminal(state)) return;
  const checked = await assistAfterWriteBack(state, 'comment', comment.deliveryId);
  if (!checked?.infoReceived) return;
  // The author answered: the issue is triaged again from its stored text and written anew.
  await writeBackTriage(state, { deliveryId: comment.deliveryId, reviewed: false, cause: { kind: 'info-received', ref: comment.deliveryId } });
  await assistAfterWriteBack(state, 'classification', comment.deliveryId);
}

/** Resolves true when the model classified a new text and the triage was stored. */
async function triage(step: Step, facts: DedupeResult, state: TriageState, options: TriageWorkflowOptions): Promise<boolean> {
  const { workflowId } = state;
  const { contentHash } = facts;
  try {
    await validate({ deliveryId: step.deliveryId });
  } catch (err) {
    const reason = invalidReason(err);
    if (reason === undefined) throw err;
    log.warn('invalid issue', { workflowId, deliveryId: step.deliveryId, reason });
    Object.assign(state, { status: 'invalid', reason });
    await persist({ kind: 'facts', ...step, status: 'invalid', reason });
    return false;
  }
  const settled = settledStatus(state.corrected);
  if (facts.contentClassified && state.triage) {
    // Same text as already classified (a reopen, or an edit that changed nothing): no model call.
    Object.assign(state, { status: settled, contentHash, reason: null });
    await persist({ kind: 'facts', ...step, status: settled, reason: null });
    return false;
  }
  const model = options.remoteModel ? remoteModel : offlineModel;
  const screened = assistantEnabled(options) ? await screen(step.deliveryId, state.repoId) : null;
  let similar: SimilarIssue[] = [];
  let classification: Classification;
  try {
    if (keptFromRemoteModel(screened, options.remoteModel)) {
      // A security report the repository keeps from remote models: neither embedded nor classified remotely.
      classification = await classifyLocally(step.deliveryId);
    } else {
      await model.embed({ deliveryId: step.deliveryId, repoId: state.repoId, number: state.number, contentHash });
      similar = await findNearDuplicates({ repoId: state.repoId, number: state.number });
      classification = await model.classify({ deliveryId: step.deliveryId, similar, exactDuplicate: facts.exactDuplicate, nearDuplicateThreshold: options.nearDuplicateThreshold });
    }
  } catch (err) {
    // A model that refuses for good (a rejected key, an unknown model) must not fail the issue's
    // workflow: the issue is stored as failed with the reason, and the next edit tries again.
    const refusal = nonRetryableCause(err);
    if (refusal === undefined) throw err;
    log.error('model refused the issue', { workflowId, deliveryId: step.deliveryId, reason: refusal });
    Object.assign(state, { status: 'failed', reason: refusal });
    await persist({ kind: 'facts', ...step, status: 'failed', reason: refusal });
    return false;
  }
  const verdict = withSecurityVerdict(classification, screened);
  classification = verdict.classification;
  const triage = applyClassification(state.triage, state.corrected, classification);
  await persist({ kind: 'triage', ...step, contentHash, triage, status: settled, classification, similar });
  Object.assign(state, { triage, status: settled, contentHash, reason: null });
  if (screened) {
    await rememberSecurity(state, screened, verdict.security);
    securityReasons.set(state, verdict.security ? screened.reasons : []);
  }
  return true;
}

async function handleCorrection(correction: CorrectionInput, state: TriageState, publisher: Publisher, options: TriageWorkflowOptions): Promise<void> {
  const problem = correctionProblem(correction, state.triage);
  if (problem) {
    log.warn('correction ignored', { workflowId: state.workflowId, correctionId: correction.correctionId, problem });
    return;
  }
  await correctionObjects(state, correction);
  const { before, after } = correctionDiff(state.triage, correction);
  const triage = applyCorrection(state.triage, after);
  const status = statusAfterCorrection(state.status);
  const outcome = await persistCorrection({ correctionId: correction.correctionId, repoId: state.repoId, number: state.number, actor: correction.actor, note: correction.note, source: correction.source, before, after, triage, status });
  // An earlier run applied it (the workflow completed and the same correction came again): its effect
  // is what this run loaded from the database, and the model has learned from it. Runs recorded before
  // the outcome existed replay with none and go on as they did.
  if (outcome === 'applied-by-another-run') {
    log.info('correction already applied by an earlier run', { workflowId: state.workflowId, correctionId: correction.correctionId });
    return;
  }
  await offlineModel.learn({ repoId: state.repoId, number: state.number, category: correction.category, priority: correction.priority, labels: correction.labels });
  Object.assign(state, { triage, status, corrected: true });
  state.correctionsApplied++;
  await publish(state, publisher);
  // A person's answer needs no review: it is written (or shown as a dry run) and releases a held issue.
  if (writeBackEnabled(options)) await writeBackTriage(state, { reviewed: true, cause: { kind: 'correction', ref: correction.correctionId } });
  if (assistantEnabled(options) && writeBackEnabled(options)) await assistAfterWriteBack(state, 'correction');
  // A person who makes it p0 or a security report tells the team too (once per issue and kind).
  if (assistantEnabled(options)) await notifyUrgent(state, options);
}

// The security rules behind the latest triage of each issue's state, for its notification; kept beside
// the state rather than in it, as only the triage that found them sends them.
const securityReasons = new WeakMap<TriageState, string[]>();

/** Search attributes and memo for the Temporal UI (only what changed), then the dashboard; a failed notification is logged, not fatal. */
async function publish(state: TriageState, publisher: Publisher, delivery?: DeliverySignal): Promise<void> {
  publisher.publish(state);
  try {
    // The delivery that caused it, so the worker can time the triage from the webhook's receipt.
    await notify({ repoId: state.repoId, number: state.number, ...(delivery ? { delivery: { deliveryId: delivery.deliveryId, receivedAt: delivery.receivedAt } } : {}) });
  } catch (err) {
    log.warn('dashboard notification failed', { workflowId: state.workflowId, error: String(err) });
  }
}

/**
 * What the workflow remembers a delivery by: its id, and for one a person put back after it was
 * parked, which time, so that it is handled again. Histories from before retries existed carry no retry.
 */
function seenKey(delivery: DeliverySignal): string {
  return delivery.retry ? `${delivery.deliveryId}#retry-${delivery.retry}` : delivery.deliveryId;
}

function isTerminal(state: TriageState): boolean {
  return isEnding(state.state);
}

/** The failure an activity raised: a remote activity's arrives wrapped in an ActivityFailure, a local one's as it is. */
function activityFailure(err: unknown): ApplicationFailure | undefined {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure ? failure : undefined;
}

function invalidReason(err: unknown): string | undefined {
  const failure = activityFailure(err);
  return failure?.type === 'InvalidIssue' ? failure.message : undefined;
}

function nonRetryableCause(err: unknown): string | undefined {
  const failure = activityFailure(err);
  return failure?.nonRetryable ? `${failure.type}: ${failure.message}` : undefined;
}
