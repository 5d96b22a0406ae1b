import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server standing in for the operator's notification receiver (a Slack incoming webhook or
// any endpoint): it checks X-Triageflow-Signature-256 against the secret as a receiver would, records
// every request, and can answer the next ones with scripted statuses.

export interface ReceivedNotification {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  signatureValid: boolean;
  /** What the receiver answered. */
  status: number;
}

export interface NotificationReceiver {
  url: string;
  received: ReceivedNotification[];
  /** Accepted notifications (2xx) with a valid signature. */
  accepted(): ReceivedNotification[];
  /** Answers the next requests with these statuses, in order. */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startNotificationReceiver(secret: string): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const scripted: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-triageflow-signature-256'] ?? ''));
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const status = scripted.shift() ?? (signatureValid ? 200 : 401);
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      received.push({ headers: req.headers, raw, body, signatureValid, status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'invalid_payload');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T0/B0/x`,
    received,
    accepted: () => received.filter((r) => r.status < 300 && r.signatureValid),
    failNext: (...statuses) => void scripted.push(...statuses),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
