import { createHmac } from 'node:crypto';

/** The X-Hub-Signature-256 value GitHub sends: HMAC-SHA256 of the exact body bytes with the webhook secret. */
export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
