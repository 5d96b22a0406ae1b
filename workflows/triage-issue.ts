import {
  ActivityFailure, ApplicationFailure, condition, continueAsNew, log, proxyActivities, setHandler, upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { TriageActivities } from '../activities';
import type { DedupeResult } from '../activities/dedupe';
import { databaseActivity, modelActivity, notifyActivity, validationActivity } from './activity-options';
import { correctSignal, githubEventSignal, stateQuery } from './definitions';
import { publishSearchAttributes } from './inspection';
import { applyCorrection, correctionDiff, correctionProblem, initialState, RecentIds } from './state';
import type { Classification, SimilarIssue } from '../src/ai/types';
import type { CorrectionInput, GithubEvent, PendingItem, TriageIssueArgs, TriageState } from './types';

const { validate } = proxyActivities<TriageActivities>(validationActivity);
const { dedupe, persist, persistCorrection, loadState } = proxyActivities<TriageActivities>(databaseActivity);
const { embed, findNearDuplicates, classify, learn } = proxyActivities<TriageActivities>(modelActivity);
const { notify } = proxyActivities<TriageActivities>(notifyActivity);

// Continue-as-new well before Temporal's 50k-event history limit; each triage adds roughly 40 events.
const DEFAULT_MAX_HISTORY_EVENTS = 5_000;

export interface TriageWorkflowOptions {
  idleTimeoutMs: number;
  /** History length past which the workflow continues as new; optional for runs started before it existed. */
  maxHistoryEvents?: number;
  nearDuplicateThreshold: number;
}

/**
 * One long-lived workflow per GitHub issue. GitHub events and human corrections arrive as signals and
 * are handled one at a time in arrival order. It completes when the issue is closed, deleted or
 * transferred, or after an idle period; a later event or correction starts it again (signal-with-start)
 * and it reloads what it knew from the database.
 */
export async function triageIssue(args: TriageIssueArgs & { options: TriageWorkflowOptions }): Promise<TriageState> {
  const { workflowId } = workflowInfo();
  const state: TriageState = args.carried?.state ?? initialState(args, workflowId);
  const pending: PendingItem[] = [...(args.carried?.pending ?? [])];
  const seenDeliveries = new RecentIds(args.carried?.seenDeliveries ?? []);
  const seenCorrections = new RecentIds(args.carried?.seenCorrections ?? []);

  setHandler(githubEventSignal, (event) => void pending.push({ kind: 'event', event }));
  setHandler(correctSignal, (correction) => void pending.push({ kind: 'correction', correction }));
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
      const arrived = await condition(() => pending.length > 0, args.options.idleTimeoutMs);
      if (!arrived) break;
    }
    const item = pending.shift()!;
    if (item.kind === 'event') {
      if (seenDeliveries.has(item.event.deliveryId)) continue;
      seenDeliveries.add(item.event.deliveryId);
      finished = await handleEvent(item.event, state, args.options);
      state.eventsHandled++;
    } else {
      if (seenCorrections.has(item.correction.correctionId)) continue;
      seenCorrections.add(item.correction.correctionId);
      await handleCorrection(item.correction, state);
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

/** Handles one GitHub event; resolves true when the issue's workflow may complete. */
async function handleEvent(event: GithubEvent, state: TriageState, options: TriageWorkflowOptions): Promise<boolean> {
  const workflowId = state.workflowId;
  const { issue } = event;
  const exact = await dedupe({ deliveryId: event.deliveryId, repoId: issue.repoId, number: issue.number, title: issue.title, body: issue.body });
  if (exact.deliveryProcessed) {
    // A redelivery whose effect is stored (perhaps by an earlier run): its stale facts change nothing.
    log.info('redelivery skipped', { workflowId, deliveryId: event.deliveryId });
    return isTerminal(state);
  }
  state.title = issue.title;
  state.state = issue.state;
  const retriage = event.event === 'issues' && (event.action === 'opened' || event.action === 'edited' || event.action === 'reopened');
  if (event.action === 'closed' || event.action === 'deleted' || event.action === 'transferred') {
    state.status = event.action === 'deleted' ? 'deleted' : 'closed';
    await persist({ kind: 'facts', event, workflowId, status: state.status });
  } else if (retriage) {
    await triage(event, exact, state, options);
  } else {
    // labeled, unlabeled, a comment: the stored facts change, the triage does not.
    await persist({ kind: 'facts', event, workflowId });
  }
  await publish(state);
  return isTerminal(state);
}

async function triage(event: GithubEvent, exact: DedupeResult, state: TriageState, options: TriageWorkflowOptions): Promise<void> {
  const workflowId = state.workflowId;
  const { issue } = event;
  const { contentHash } = exact;
  try {
    await validate(event);
  } catch (err) {
    const reason = invalidReason(err);
    if (reason === undefined) throw err;
    log.warn('invalid issue', { workflowId, deliveryId: event.deliveryId, reason });
    Object.assign(state, { status: 'invalid', reason });
    await persist({ kind: 'facts', event, workflowId, status: 'invalid', reason });
    return;
  }
  const settled = state.corrected ? 'corrected' : 'triaged';
  if (exact.contentClassified && state.triage) {
    // Same text as already classified (a reopen, or an edit that changed nothing): no model call.
    Object.assign(state, { status: settled, contentHash, reason: null });
    await persist({ kind: 'facts', event, workflowId, status: settled, reason: null });
    return;
  }
  let similar: SimilarIssue[];
  let classification: Classification;
  try {
    await embed({ repoId: issue.repoId, number: issue.number, contentHash, title: issue.title, body: issue.body });
    similar = await findNearDuplicates({ repoId: issue.repoId, number: issue.number });
    classification = await classify({ issue, eventLabels: event.repoLabels, similar, exactDuplicateOf: exact.exactDuplicateOf, nearDuplicateThreshold: options.nearDuplicateThreshold });
  } catch (err) {
    // A model that refuses for good (a rejected key, an unknown model) must not fail the issue's
    // workflow: the issue is stored as failed with the reason, and the next edit tries again.
    const refusal = nonRetryableCause(err);
    if (refusal === undefined) throw err;
    log.error('model refused the issue', { workflowId, deliveryId: event.deliveryId, reason: refusal });
    Object.assign(state, { status: 'failed', reason: refusal });
    await persist({ kind: 'facts', event, workflowId, status: 'failed', reason: refusal });
    return;
  }
  await persist({ kind: 'triage', event, workflowId, contentHash, classification, similar, corrected: state.corrected });
  const { cached: _cached, usage: _usage, ...result } = classification;
  // What a person corrected stays as they said; the model's new view is kept in the history.
  state.triage = state.corrected && state.triage ? { ...state.triage, confidence: result.confidence, rationale: result.rationale } : result;
  Object.assign(state, { status: state.corrected ? 'corrected' : 'triaged', contentHash, reason: null });
}

async function handleCorrection(correction: CorrectionInput, state: TriageState): Promise<void> {
  const problem = correctionProblem(correction);
  if (problem) {
    log.warn('correction ignored', { workflowId: state.workflowId, correctionId: correction.correctionId, problem });
    return;
  }
  const { before, after } = correctionDiff(state.triage, correction);
  await persistCorrection({ correctionId: correction.correctionId, repoId: state.repoId, number: state.number, actor: correction.actor, note: correction.note, before, after });
  await learn({ repoId: state.repoId, number: state.number, category: correction.category, priority: correction.priority, labels: correction.labels });
  state.triage = applyCorrection(state.triage, after);
  state.corrected = true;
  if (state.status !== 'closed' && state.status !== 'deleted') state.status = 'corrected';
  state.correctionsApplied++;
  await publish(state);
}

/** Search attributes and memo for the Temporal UI, then the dashboard; a failed notification is logged, not fatal. */
async function publish(state: TriageState): Promise<void> {
  publishSearchAttributes(state);
  upsertMemo({ title: state.title });
  try {
    await notify({ repoId: state.repoId, number: state.number });
  } catch (err) {
    log.warn('dashboard notification failed', { workflowId: state.workflowId, error: String(err) });
  }
}

function isTerminal(state: TriageState): boolean {
  return state.state === 'closed' || state.state === 'deleted' || state.state === 'transferred';
}

function invalidReason(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'InvalidIssue') return err.cause.message;
  return undefined;
}

function nonRetryableCause(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) return `${err.cause.type}: ${err.cause.message}`;
  return undefined;
}
