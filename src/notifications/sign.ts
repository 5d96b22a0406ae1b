import { createHmac } from 'node:crypto';

/** The header that proves a notification came from this Triageflow, as GitHub signs its webhooks. */
export const SIGNATURE_HEADER = 'x-triageflow-signature-256';

/** `sha256=` and the hex HMAC-SHA256 of the exact body bytes with the shared secret. */
export function signNotification(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
