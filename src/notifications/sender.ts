import { SIGNATURE_HEADER, signNotification } from './sign';
import type { NotificationBody } from './message';

// One POST to the operator's receiver. The caller (an activity) retries; this says whether a retry can
// help: 5xx, 408, 429 and network errors can pass, any other refusal will not.

export class NotificationRefused extends Error {
  override name = 'NotificationRefused';
  constructor(message: string, readonly status: number | null, readonly retryable: boolean) {
    super(message);
  }
}

export interface NotificationSender {
  readonly configured: boolean;
  send(eventId: string, body: NotificationBody): Promise<{ status: number }>;
}

// Slack answers within a second or two; a receiver that takes longer is treated as down for this attempt.
const TIMEOUT_MS = 10_000;

export function createNotificationSender(settings: { webhookUrl: string | undefined; secret: string | undefined }, fetchImpl: typeof fetch = fetch): NotificationSender {
  return {
    configured: Boolean(settings.webhookUrl && settings.secret),
    async send(eventId, body) {
      if (!settings.webhookUrl || !settings.secret) throw new NotificationRefused('No NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET are configured, so nothing can be sent.', null, false);
      const json = JSON.stringify(body);
      let res: Response;
      try {
        res = await fetchImpl(settings.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json', 'user-agent': 'triageflow', [SIGNATURE_HEADER]: signNotification(settings.secret, json),
            'x-triageflow-event': body.triageflow.kind, 'x-triageflow-event-id': eventId,
          },
          body: json,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        throw new NotificationRefused(`The notification receiver could not be reached (${(err as Error).message}).`, null, true);
      }
      const answer = (await res.text().catch(() => '')).slice(0, 200);
      if (res.ok) return { status: res.status };
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new NotificationRefused(`The notification receiver answered ${res.status}${answer ? `: ${answer}` : ''}${retryable ? '' : '. Check NOTIFY_WEBHOOK_URL (and the secret the receiver expects).'}`, res.status, retryable);
    },
  };
}
