import { randomUUID } from 'node:crypto';
import { issuesPayload } from '../../../src/github/sample-payload';
import { signBody } from '../../../src/github/sign';

export interface Ack {
  number: number;
  deliveryId: string;
  status: number;
  /** Which server answered (index into the urls), after any failover. */
  server: number;
  ms: number;
  at: number;
  /** Attempts it took: a server that is down refuses the connection and the delivery goes to the next. */
  tries: number;
}

export const issueText = (n: number) => ({
  title: `Crash when saving widget ${n} after upgrade`,
  body: `Steps to reproduce ${n}:\n1. Open widget ${n}\n2. Press save\n\nTypeError: cannot read properties of undefined (reading 'id') at save()`,
});

/**
 * Signed `issues.opened` deliveries for issues `from..to` of one repository, sent to the servers in turn
 * by `concurrency` senders. A delivery that finds its server down (connection refused, 5xx) is resent with
 * the same delivery id to the next server, as a load balancer in front of them would.
 */
export async function sendIssuesOpened(opts: {
  urls: () => string[];
  secret: string;
  repo: { id: number; fullName: string };
  from: number;
  to: number;
  concurrency: number;
  /** Milliseconds between deliveries per sender, to keep the load moderate; 0 sends back to back. */
  paceMs?: number;
}): Promise<Ack[]> {
  const acks: Ack[] = [];
  let next = opts.from;
  const sendOne = async (number: number) => {
    const body = JSON.stringify(issuesPayload({ repoId: opts.repo.id, repoFullName: opts.repo.fullName, number, ...issueText(number) }));
    const headers = { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody(opts.secret, body) };
    const t0 = performance.now();
    for (let tries = 1; ; tries++) {
      const urls = opts.urls();
      const server = (number + tries - 1) % urls.length;
      const res = await fetch(`${urls[server]}/webhooks/github`, { method: 'POST', headers, body }).catch(() => undefined);
      if (res && res.status < 500) {
        await res.arrayBuffer();
        acks.push({ number, deliveryId: headers['x-github-delivery'], status: res.status, server, ms: performance.now() - t0, at: Date.now(), tries });
        return;
      }
      if (tries >= 20) throw new Error(`delivery for #${number} failed ${tries} times; last: ${res ? res.status : 'connection refused'}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    while (next <= opts.to) {
      await sendOne(next++);
      if (opts.paceMs) await new Promise((r) => setTimeout(r, opts.paceMs));
    }
  }));
  return acks;
}
