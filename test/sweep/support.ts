import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@octokit/webhooks-methods';
import pino from 'pino';
import { createSweepActivities } from '../../activities/sweep';
import { loadConfig } from '../../src/config';
import type { Pool } from '../../src/db/pool';
import { createGithubClients } from '../../src/github/client';
import { createInboxStore } from '../../src/inbox/store';
import { createSweepStore } from '../../src/sweep/store';

// Helpers of the sweep suites: the sweep's activities built on a test database and the fake GitHub, and
// a webhook receiver that checks each delivery's signature as the real router does.

export function sweepActivities(pool: Pool, env: NodeJS.ProcessEnv) {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp', ...env });
  const log = pino({ level: 'silent' });
  const github = createGithubClients(config.github, log);
  return createSweepActivities({ store: createSweepStore(pool), inbox: createInboxStore(pool), github, settings: config.github.sweep, publicUrl: config.publicUrl, log });
}

export interface Receiver {
  url: string;
  /** Deliveries whose signature matched, in arrival order. */
  received: { guid: string; event: string; body: any }[];
  /** Deliveries refused for a bad signature. */
  forged: number;
  /** The status answered for a guid (default 202). */
  answer: Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], forged: 0, answer: new Map(), close: async () => undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const guid = String(req.headers['x-github-delivery']);
      void verify(secret, raw, String(req.headers['x-hub-signature-256'] ?? '')).catch(() => false).then((ok) => {
        if (!ok) {
          r.forged++;
          return void res.writeHead(401).end();
        }
        r.received.push({ guid, event: String(req.headers['x-github-event']), body: JSON.parse(raw) });
        res.writeHead(r.answer.get(guid) ?? 202, { 'content-type': 'application/json' }).end('{}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return r;
}

export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms; last seen: ${JSON.stringify(v)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
