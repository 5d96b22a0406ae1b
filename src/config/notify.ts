import { z } from 'zod';
import { optional } from './parsers';

// Notifications to the operator's team (the triage assistant, issue 26). Targets are the operator's
// alone: a Slack incoming-webhook URL is itself a secret, so it never comes from a repository's file,
// which may only turn events off. Values are never echoed.

export const NOTIFY_EVENTS = ['p0', 'security', 'parked'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const events = z.string().default(NOTIFY_EVENTS.join(',')).transform((v, ctx) => {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = list.filter((e) => !(NOTIFY_EVENTS as readonly string[]).includes(e));
  if (unknown.length) ctx.addIssue({ code: 'custom', message: `NOTIFY_EVENTS has ${unknown.join(', ')}; events are ${NOTIFY_EVENTS.join(', ')} (comma-separated, empty for none)` });
  return [...new Set(list)] as NotifyEvent[];
});

export const notifySchema = {
  NOTIFY_WEBHOOK_URL: optional.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), 'NOTIFY_WEBHOOK_URL must be an http(s) URL, e.g. a Slack incoming webhook'),
  NOTIFY_WEBHOOK_SECRET: optional,
  NOTIFY_EVENTS: events,
};

export interface NotifySettings {
  /** Where notifications are POSTed; unset: none are sent. */
  webhookUrl: string | undefined;
  /** Signs every body (X-Triageflow-Signature-256), so the receiver can check it came from here. */
  secret: string | undefined;
  /** The events sent; a repository's file can only turn some of them off. */
  events: NotifyEvent[];
}

type Parsed = { [K in keyof typeof notifySchema]: z.infer<(typeof notifySchema)[K]> };

export function notifySettings(e: Parsed): NotifySettings {
  return { webhookUrl: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET, events: e.NOTIFY_EVENTS };
}

/** The events that are actually sent: none without a URL. */
export const activeNotifyEvents = (s: NotifySettings): NotifyEvent[] => (s.webhookUrl ? s.events : []);
