/**
 * Webhook ack and webhook-to-dashboard latency on the embedded dev stack.
 *   npm run bench -- [--issues 200] [--concurrency 8] [--interval-ms 0] [--data ../shared/data/nlbse24-train.csv]
 * --interval-ms paces each sender (e.g. 500 ms: an arrival rate the pipeline keeps up with).
 * Starts its own Temporal dev server, embedded PostgreSQL, server and worker in a temporary DATA_DIR,
 * sends signed `issues.opened` webhooks, and times (a) the HTTP 202 and (b) the socket.io update that
 * carries the triaged issue, both from the moment the request was sent.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { io } from 'socket.io-client';
import { loadConfig } from '../src/config';
import { issuesPayload } from '../src/github/sample-payload';
import { signBody } from '../src/github/sign';
import type { IssueDetail } from '../src/issues/view';
import { startStack } from '../src/runtime/stack';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function loadIssues(n: number, file: string): { title: string; body: string }[] {
  if (fs.existsSync(file)) {
    const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as { title: string; body: string }[];
    return rows.slice(0, n).map((r) => ({ title: r.title.slice(0, 256), body: (r.body ?? '').slice(0, 65_536) }));
  }
  return Array.from({ length: n }, (_, i) => ({ title: `Sample issue ${i}: crash when saving widget ${i}`, body: `Steps to reproduce ${i}\n\nTypeError at save()` }));
}

async function main() {
  const count = Number(arg('issues', '200'));
  const concurrency = Number(arg('concurrency', '8'));
  const intervalMs = Number(arg('interval-ms', '0'));
  const issues = loadIssues(count, arg('data', path.join(__dirname, '..', '..', 'shared', 'data', 'nlbse24-train.csv')));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-bench-'));
  const secret = randomBytes(16).toString('hex');
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', EMBEDDED_DB_PORT: '0', TEMPORAL_PORT: '0', TEMPORAL_UI_PORT: '0', GITHUB_WEBHOOK_SECRET: secret, DASHBOARD_TOKEN: 'bench' });
  const stack = await startStack({ config, log: pino({ level: 'warn' }), server: true, worker: true, devHost: true });
  const socket = io(stack.serverUrl!, { transports: ['websocket'] });
  await new Promise<void>((r) => socket.on('connect', () => r()));

  const repoId = randomInt(1, 1_000_000_000);
  const sentAt = new Map<number, number>();
  const dashboard = new Map<number, number>();
  socket.on('issue.updated', (i: IssueDetail) => {
    if (i.repoId === repoId && i.status === 'triaged' && !dashboard.has(i.number)) dashboard.set(i.number, performance.now() - sentAt.get(i.number)!);
  });
  const acks: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < issues.length) {
      const i = next++;
      const body = JSON.stringify(issuesPayload({ repoId, repoFullName: 'bench/repo', number: i + 1, ...issues[i]! }));
      sentAt.set(i + 1, performance.now());
      const res = await fetch(`${stack.serverUrl}/webhooks/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody(secret, body) },
        body,
      });
      acks.push(performance.now() - sentAt.get(i + 1)!);
      if (res.status !== 202) throw new Error(`webhook ${i + 1} answered ${res.status}: ${await res.text()}`);
      if (intervalMs) await new Promise((r) => setTimeout(r, intervalMs));
    }
  }));
  const deadline = Date.now() + 300_000;
  while (dashboard.size < issues.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const wall = performance.now() - started;
  const d = [...dashboard.values()];
  const result = {
    issues: issues.length,
    concurrency,
    intervalMs,
    delivered: d.length,
    ackMs: { p50: +percentile(acks, 50).toFixed(1), p99: +percentile(acks, 99).toFixed(1) },
    webhookToDashboardMs: { p50: +percentile(d, 50).toFixed(1), p99: +percentile(d, 99).toFixed(1) },
    throughputPerSecond: +((d.length / wall) * 1000).toFixed(1),
    wallSeconds: +(wall / 1000).toFixed(1),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  socket.close();
  await stack.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
