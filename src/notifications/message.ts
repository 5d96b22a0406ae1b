import type { NotifyEvent } from '../config/notify';

// The body of a notification: Slack's incoming-webhook format (`text`, plus `blocks` for Slack's own
// layout) with the event's facts under `triageflow` for receivers that read JSON. A security report's
// notification names the issue and the rules that fired, never its title or text.

export type NotificationKind = NotifyEvent | 'test';

export interface NotificationFacts {
  eventId: string;
  kind: NotificationKind;
  repo: string | null;
  number: number | null;
  /** The issue on GitHub. */
  url: string | null;
  /** The issue on the dashboard, when PUBLIC_URL is known. */
  dashboardUrl: string | null;
  title?: string | null;
  priority?: string | null;
  category?: string | null;
  reasons?: string[];
  /** For a parked delivery: its id, event and why it was parked. */
  delivery?: { id: string; event: string | null; reason: string | null };
}

export interface NotificationBody {
  text: string;
  blocks: { type: 'section'; text: { type: 'mrkdwn'; text: string } }[];
  triageflow: NotificationFacts & { sentAt: string };
}

// Slack's mrkdwn treats these three as markup; an issue title is the reporter's text.
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const link = (url: string | null, label: string) => (url ? `<${url}|${escape(label)}>` : escape(label));

export function notificationBody(f: NotificationFacts, now = new Date()): NotificationBody {
  const ref = f.repo && f.number ? `${f.repo}#${f.number}` : f.repo ?? 'a repository';
  let text: string;
  if (f.kind === 'security') {
    text = `:lock: Possible security report: ${link(f.url, ref)}, triaged p0. It is kept off public views; handle it in private.${f.reasons?.length ? ` Rules: ${escape(f.reasons.join('; '))}.` : ''}`;
  } else if (f.kind === 'p0') {
    text = `:rotating_light: P0 issue: ${link(f.url, ref)}${f.title ? ` ${escape(f.title)}` : ''}${f.category ? ` (${f.category})` : ''}.`;
  } else if (f.kind === 'parked') {
    text = `:warning: A webhook delivery was parked${f.delivery ? ` (${escape(f.delivery.id)}${f.delivery.event ? `, ${escape(f.delivery.event)}` : ''})` : ''}${f.repo ? ` for ${link(f.url, ref)}` : ''}: ${escape(f.delivery?.reason ?? 'it failed every attempt')}. It waits in the inbox for a person.`;
  } else {
    text = ':white_check_mark: Triageflow test notification: this receiver gets Triageflow\'s notifications.';
  }
  const dashboard = f.dashboardUrl ? ` ${link(f.dashboardUrl, 'Open on the dashboard')}` : '';
  return { text: `${text}${dashboard}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${text}${dashboard}` } }], triageflow: { ...f, sentAt: now.toISOString() } };
}
