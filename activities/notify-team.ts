import { ApplicationFailure } from '@temporalio/activity';
import type { NotifyEvent } from '../src/config/notify';
import { assistantOf } from '../src/github/assistant-config';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { IssueStore } from '../src/issues/store';
import { notificationBody } from '../src/notifications/message';
import { NotificationRefused, type NotificationSender } from '../src/notifications/sender';
import type { NotificationStore } from '../src/notifications/store';

export interface NotifyTeamInput {
  eventId: string;
  kind: NotifyEvent;
  repoId: number;
  repoFullName: string;
  number: number;
  /** The security rules that fired, for a security report. */
  reasons?: string[];
}

export interface NotifyTeamDeps {
  sender: NotificationSender;
  notifications: NotificationStore;
  repoConfigs: RepoConfigSource;
  issues: IssueStore;
  /** The operator's events (NOTIFY_EVENTS); the repository's file may turn some off. */
  events: readonly NotifyEvent[];
  publicUrl?: string;
}

export type NotifyTeamResult = { status: 'sent' | 'already-sent' | 'skipped'; reason?: string };

/**
 * Sends one event to the operator's receiver, at most once: the event id is recorded before the POST and
 * an event already sent (by an earlier attempt, a redelivery or another run) is not sent again. A refusal
 * that retrying cannot fix (a 4xx) fails for good; the rest are retried by Temporal with backoff.
 */
export function createNotifyTeam(deps: NotifyTeamDeps) {
  return async function notifyTeam(input: NotifyTeamInput): Promise<NotifyTeamResult> {
    if (!deps.sender.configured || !deps.events.includes(input.kind)) return { status: 'skipped', reason: `${input.kind} is not in NOTIFY_EVENTS, or no NOTIFY_WEBHOOK_URL is set` };
    const record = await deps.notifications.claim({ eventId: input.eventId, kind: input.kind, repo: input.repoFullName, number: input.number });
    if (record.status === 'sent') return { status: 'already-sent' };
    if (record.status === 'skipped') return { status: 'skipped', reason: record.lastError ?? undefined };
    const { config } = await deps.repoConfigs.load(input.repoFullName, input.repoId);
    if (assistantOf(config).notifyOff.includes(input.kind)) {
      const reason = `notify.${input.kind} is false in the repository's .github/triageflow.yml`;
      await deps.notifications.finish(input.eventId, 'skipped', reason);
      return { status: 'skipped', reason };
    }
    const detail = await deps.issues.detail({ repoId: input.repoId, number: input.number });
    const secret = input.kind === 'security';
    const body = notificationBody({
      eventId: input.eventId, kind: input.kind, repo: input.repoFullName, number: input.number, url: detail?.url ?? null,
      dashboardUrl: deps.publicUrl ? `${deps.publicUrl.replace(/\/+$/, '')}/?issue=${encodeURIComponent(`${input.repoFullName}/${input.number}`)}` : null,
      // A security report's title is the reporter's words: it stays on the dashboard, behind the token.
      title: secret ? null : detail?.title ?? null, priority: detail?.triage?.priority ?? null, category: secret ? null : detail?.triage?.category ?? null,
      reasons: secret ? input.reasons ?? [] : undefined,
    });
    try {
      const { status } = await deps.sender.send(input.eventId, body);
      await deps.notifications.sent(input.eventId, status);
      return { status: 'sent' };
    } catch (err) {
      if (!(err instanceof NotificationRefused)) throw err;
      await deps.notifications.attempted(input.eventId, err.message, err.status);
      if (!err.retryable) await deps.notifications.finish(input.eventId, 'failed', err.message);
      throw ApplicationFailure.create({ type: err.retryable ? 'NotificationFailed' : 'NotificationRefused', message: err.message, nonRetryable: !err.retryable });
    }
  };
}
