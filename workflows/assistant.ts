import { ActivityFailure, ApplicationFailure, isCancellation, log, patched, proxyActivities, proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import type { TriageActivities } from '../activities';
import { assistantActivity, databaseActivity, githubActivity, notificationActivity, offlineModelActivity } from './activity-options';
import type { AssistTrigger } from '../activities/assist';
import { isSecurityReport, screenSaysSecurity, teamEventId, type SecurityScreen, type TeamEvent } from '../src/domain/assistant';
import type { TriageState } from '../src/domain/triage-state';
import type { DeliverySignal } from '../src/domain/github-event';

// The workflow's side of the triage assistant (issue 26): the security screen before the model, and the
// notifications after a triage. Repositories opt in through their config; the operator through
// NOTIFY_WEBHOOK_URL. Runs started before it existed replay without it.

const { screenSecurity, recordSecurity, recordNotificationFailure, assignmentChange } = proxyLocalActivities<TriageActivities>(assistantActivity);
const { classifyPrivately } = proxyLocalActivities<TriageActivities>(offlineModelActivity);
const { notifyTeam } = proxyActivities<TriageActivities>(notificationActivity);
const { assist } = proxyActivities<TriageActivities>(githubActivity);
const { assistWithoutCredentials } = proxyLocalActivities<TriageActivities>(databaseActivity);

export interface AssistantOptions {
  /** The operator's events (NOTIFY_EVENTS when NOTIFY_WEBHOOK_URL is set); empty: no notifications. */
  notifyEvents: TeamEvent[];
}

export function assistantEnabled(options: { assistant?: AssistantOptions }): boolean {
  return options.assistant !== undefined && patched('triage-assistant');
}

/** The security screen of a delivery's text; null when the repository does not look for security reports. */
export async function screen(deliveryId: string, repoId: number): Promise<SecurityScreen | null> {
  return screenSecurity({ deliveryId, repoId });
}

/** A security report the repository keeps from remote models is classified by the offline model. */
export function keptFromRemoteModel(s: SecurityScreen | null, remoteModel: boolean | undefined): boolean {
  return Boolean(remoteModel && screenSaysSecurity(s) && !s!.llmAllowed);
}

export const classifyLocally = (deliveryId: string) => classifyPrivately({ deliveryId });

/** Keeps the rules behind a security verdict for the dashboard. */
export async function rememberSecurity(state: TriageState, s: SecurityScreen | null, security: boolean): Promise<void> {
  if (!s) return;
  await recordSecurity({ repoId: state.repoId, number: state.number, security, reasons: security ? s.reasons : [] });
}

/**
 * Tells the team about an urgent triage: a security report (which supersedes p0) or a p0. Each issue's
 * event has a deterministic id, so it is sent once whatever repeats; a notification that fails after its
 * retries is recorded as failed and the workflow carries on.
 */
export async function notifyUrgent(state: TriageState, options: { assistant?: AssistantOptions }, reasons: string[] = []): Promise<void> {
  const triage = state.triage;
  if (!triage || !options.assistant) return;
  const kind: TeamEvent | null = isSecurityReport(triage) ? 'security' : triage.priority === 'p0' ? 'p0' : null;
  if (!kind || !options.assistant.notifyEvents.includes(kind)) return;
  const eventId = teamEventId(kind, state.repoId, state.number);
  try {
    await notifyTeam({ eventId, kind, repoId: state.repoId, repoFullName: state.repoFullName, number: state.number, reasons });
  } catch (err) {
    if (!(err instanceof TemporalFailure) || isCancellation(err)) throw err;
    const failure = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : undefined;
    const cause = failure?.message ?? err.message;
    log.warn('notification failed', { workflowId: state.workflowId, eventId, cause });
    await recordNotificationFailure({ eventId, reason: failure?.nonRetryable ? cause : `Not delivered after its retries: ${cause}` });
  }
}

const ASSIGNMENT_ACTIONS: readonly string[] = ['assigned', 'unassigned'];

/** People's assignment changes on GitHub are recorded; the assistant never assigns that issue again. */
export async function recordAssignmentChanges(batch: DeliverySignal[], state: TriageState): Promise<void> {
  for (const delivery of batch) {
    if (delivery.eventName === 'issues' && ASSIGNMENT_ACTIONS.includes(delivery.action)) await assignmentChange({ deliveryId: delivery.deliveryId, repoId: state.repoId, number: state.number });
  }
}

/**
 * The assistant's writes once write-back has written the triage (or shown it as a dry run): never while
 * the confidence gate holds it, nor after the gate's deadline skipped it. What it learnt (it waits for
 * the author's information) goes into the state. A step whose retries run out is logged; the next
 * triage, correction or approval tries again.
 */
export async function assistAfterWriteBack(state: TriageState, trigger: AssistTrigger, deliveryId?: string): Promise<{ infoReceived: boolean } | null> {
  if (!state.triage || state.review || state.writeBack?.status === 'skipped' || state.writeBack?.status === 'awaiting-review') return null;
  const input = { repoId: state.repoId, repoFullName: state.repoFullName, number: state.number, trigger, deliveryId, corrected: state.corrected };
  try {
    const result = (await assistWithoutCredentials(input)) ?? (await assist(input));
    state.assistant = { awaitingInfo: result.awaitingInfo };
    return result;
  } catch (err) {
    if (!(err instanceof TemporalFailure) || isCancellation(err)) throw err;
    const cause = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
    log.error('triage assistant step failed', { workflowId: state.workflowId, trigger, cause });
    return null;
  }
}

/** A comment in the batch the assistant should look at: the newest, while it may be waiting for the author. */
export function commentToCheck(batch: DeliverySignal[], state: TriageState): DeliverySignal | undefined {
  if (state.assistant?.awaitingInfo === false) return undefined;
  return [...batch].reverse().find((d) => d.eventName === 'issue_comment' && d.action === 'created');
}
