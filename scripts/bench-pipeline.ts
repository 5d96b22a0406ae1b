/**
 * Webhook ack and webhook-to-dashboard latency on the embedded dev stack, measured from outside as
 * GitHub sees it: this process starts `dev` (server, worker, embedded PostgreSQL and the supervised
 * Temporal CLI dev server) as a child process in a temporary DATA_DIR and sends it signed webhooks.
 *   npm run bench -- --mode paced --rate 20 --seconds 60     arrivals at a fixed rate
 *   npm run bench -- --mode burst --issues 1000              as fast as 16 senders can
 *   npm run bench -- --mode similar --issues 100000          similar-issue query latency at that size (no pipeline)
 *   --kill-temporal-at 20          SIGKILL the Temporal process at second 20 (its supervisor restarts it)
 *   --stop-temporal-at 20 --stop-for 30                      SIGSTOP it for 30 s, then SIGCONT
 *   npm run bench -- --mode fuzz --issues 10000              signed, unsigned and mutated deliveries: every answer below 500
 *   --repos 50                     spread the deliveries over 50 repositories (real traffic does); default 1
 *   --pace default                 keep the default per-repository pace (WEBHOOK_RATE_LIMIT 100/min + 50);
 *                                  by default the bench turns it off to measure the pipeline itself
 *   --data ../shared/data/nlbse24-train.csv                  issue texts (synthetic ones without it)
 *   --cpu-prof DIR                 V8 CPU profiles of the dev process's threads, written to DIR on exit
 *   --baseline                     first run the same load through a no-op workflow of the triage's shape
 *                                  on the same Temporal dev server, and report the pipeline as a ratio of it
 * Acks are split by phase (Temporal up, down, draining). Once the dashboard has shown every issue, or
 * nothing new for two minutes, every issue is checked: lost when it is not stored as triaged with one
 * classification, twice when its history has more than one `classify`.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { runSimilarBench } from './bench/similar';
import { Client, Connection } from '@temporalio/client';
import { parse } from 'csv-parse/sync';
import { io } from 'socket.io-client';
import { issuesPayload } from '../src/github/sample-payload';
import { signBody } from '../src/github/sign';
import type { IssueDetail } from '../src/issues/view';
import { freePort } from '../src/temporal/dev-server';
import { activityNames } from '../src/temporal/activity-history';
import { triageWorkflowId } from '../src/domain/triage-state';
import { runBaseline, type BaselineResult } from './bench/baseline';
import { driveLoad, type Load } from './bench/load';
import { runFuzz } from './bench/fuzz';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const percentile = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!.toFixed(1);
};
const summary = (xs: number[]) => ({ n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: percentile(xs, 100) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STALL_MS = 120_000;
const MAX_DRAIN_MS = 3 * 3_600_000;

function loadIssues(n: number, file: string): { title: string; body: string }[] {
  const rows = fs.existsSync(file) ? (parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as { title: string; body: string }[]) : [];
  return Array.from({ length: n }, (_, i) => {
    const r = rows[i % Math.max(1, rows.length)];
    // Repeats get a suffix so each issue has its own text (no exact-duplicate shortcut).
    return r ? { title: `${r.title.slice(0, 240)} [${i}]`, body: (r.body ?? '').slice(0, 65_536) } : { title: `Sample issue ${i}: crash when saving widget ${i}`, body: `Steps to reproduce ${i}\n\nTypeError at save()` };
  });
}

// node:http with kept-alive connections rather than fetch: fetch's own overhead (WHATWG streams) was
// about 0.4 ms per request on an idle machine here, and an ack measured in milliseconds should time the
// server, not the sender.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function main() {
  const mode = arg('mode', 'paced');
  if (mode === 'similar') return runSimilarBench({ issues: Number(arg('issues', '100000')), queries: Number(arg('queries', '500')) });
  const rate = Number(arg('rate', '20'));
  const count = mode === 'burst' || mode === 'fuzz' ? Number(arg('issues', '1000')) : Math.round(rate * Number(arg('seconds', '60')));
  const killAt = Number(arg('kill-temporal-at', 'NaN'));
  const stopAt = Number(arg('stop-temporal-at', 'NaN'));
  const stopFor = Number(arg('stop-for', '30'));
  const issues = loadIssues(count, arg('data', path.join(__dirname, '..', '..', 'shared', 'data', 'nlbse24-train.csv')));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-bench-'));
  const secret = randomBytes(16).toString('hex');
  const stack = await startDevProcess(dataDir, secret);
  if (mode === 'fuzz') return finish(stack, dataDir, await runFuzz({ url: `${stack.serverUrl}/webhooks/github`, secret, count, post }));
  const load: Load = { mode: mode === 'burst' ? 'burst' : 'paced', count, rate, senders: 16 };
  let baseline: BaselineResult | undefined;
  if (process.argv.includes('--baseline')) baseline = await runBaseline(stack.temporalAddress, load, percentile);
  const socket = io(stack.serverUrl, { transports: ['websocket'], auth: { token: 'bench' } });
  await new Promise<void>((r) => socket.on('connect', () => r()));

  const repos = Number(arg('repos', '1'));
  const repoIdBase = randomInt(1, 1_000_000_000);
  const repoOf = (i: number) => ({ repoId: repoIdBase + (i % repos), repoFullName: `bench/repo-${i % repos}` });
  const benchRepoIds = new Set(Array.from({ length: repos }, (_, k) => repoIdBase + k));
  const sentAt = new Map<number, number>();
  const dashboard = new Map<number, number>();
  const triagedAt: number[] = [];
  socket.on('issue.updated', (i: IssueDetail) => {
    if (!benchRepoIds.has(i.repoId) || i.status !== 'triaged' || dashboard.has(i.number)) return;
    dashboard.set(i.number, performance.now() - sentAt.get(i.number)!);
    triagedAt.push(performance.now());
  });

  type Phase = 'up' | 'down' | 'drain';
  let phase = 'up' as Phase;
  const acks: Record<Phase, number[]> = { up: [], down: [], drain: [] };
  const failures: string[] = [];
  const started = performance.now();
  const outage = async () => {
    const at = Number.isFinite(killAt) ? killAt : stopAt;
    if (!Number.isFinite(at)) return;
    await sleep(at * 1000);
    const pid = stack.temporalPid();
    if (!pid) throw new Error('no Temporal process to interrupt');
    phase = 'down';
    if (Number.isFinite(killAt)) {
      process.kill(pid, 'SIGKILL');
      while (stack.temporalPid() === pid || !stack.temporalPid()) await sleep(50);
    } else {
      process.kill(pid, 'SIGSTOP');
      await sleep(stopFor * 1000);
      process.kill(pid, 'SIGCONT');
    }
    phase = 'drain';
  };
  const send = async (i: number) => {
    const body = JSON.stringify(issuesPayload({ ...repoOf(i), number: i + 1, ...issues[i]! }));
    const headers = { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody(secret, body) };
    const t0 = performance.now();
    sentAt.set(i + 1, t0);
    const res = await post(`${stack.serverUrl}/webhooks/github`, headers, body);
    acks[phase].push(performance.now() - t0);
    if (res.status !== 202) failures.push(`#${i + 1}: ${res.status} ${res.text}`);
  };
  const interruption = outage();
  await driveLoad(load, send);
  const sentSeconds = (performance.now() - started) / 1000;
  await interruption;
  // Waits while the pipeline makes progress: a large burst may take longer than any fixed deadline, and
  // an issue counts as lost only once nothing has been triaged for STALL_MS (or after MAX_DRAIN_MS).
  const drainStarted = Date.now();
  let lastProgress = { at: Date.now(), triaged: dashboard.size };
  while (dashboard.size < count && Date.now() - lastProgress.at < STALL_MS && Date.now() - drainStarted < MAX_DRAIN_MS) {
    await sleep(100);
    if (dashboard.size > lastProgress.triaged) lastProgress = { at: Date.now(), triaged: dashboard.size };
  }
  const wall = (performance.now() - started) / 1000;

  const perMinute: number[] = [];
  for (const t of triagedAt) {
    const minute = Math.floor((t - started) / 60_000);
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
  }
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection });
  // Lost: accepted but not stored as triaged. Twice: more than one classify step across the issue's runs
  // (a triage retried after a Temporal kill may need none: its first attempt's write is found by dedupe).
  let twice = 0;
  let never = 0;
  for (let n = 1; n <= count; n++) {
    const detail = await fetch(`${stack.serverUrl}/api/issues/${repoOf(n - 1).repoFullName}/${n}`, { headers: { authorization: 'Bearer bench' } }).then((r) => (r.ok ? (r.json() as Promise<IssueDetail>) : undefined));
    if (detail?.status !== 'triaged' || detail.classifications.length !== 1) never++;
    const classified = (await activityNames(temporal, triageWorkflowId(repoOf(n - 1).repoId, n)).catch(() => [])).filter((a) => a === 'classify').length;
    if (classified > 1) twice++;
  }
  await connection.close();
  const d = [...dashboard.values()];
  const result = {
    mode, issues: count, repositories: repos, pace: arg('pace', 'off') === 'default' ? 'default (100/min + 50)' : 'off', ...(mode === 'paced' ? { ratePerSecond: rate } : {}),
    interruption: Number.isFinite(killAt) ? `SIGKILL at ${killAt}s` : Number.isFinite(stopAt) ? `SIGSTOP at ${stopAt}s for ${stopFor}s` : 'none',
    accepted: count - failures.length, notAccepted: failures.length, refused: failures.slice(0, 5),
    ackMs: { all: summary([...acks.up, ...acks.down, ...acks.drain]), temporalUp: summary(acks.up), temporalDown: summary(acks.down), draining: summary(acks.drain) },
    webhookToDashboardMs: summary(d),
    triagedPerMinute: Array.from(perMinute, (v) => v ?? 0),
    throughputPerSecond: +(d.length / wall).toFixed(1),
    ...(baseline ? { baseline, ratioToBaseline: +(d.length / wall / baseline.throughputPerSecond).toFixed(2) } : {}),
    lost: never, triagedTwice: twice,
    sendSeconds: +sentSeconds.toFixed(1), wallSeconds: +wall.toFixed(1),
    rssMb: { dev: rssMb(stack.pid), temporal: rssMb(stack.temporalPid()) },
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  };
  socket.close();
  await finish(stack, dataDir, result);
}

async function finish(stack: { stop(): Promise<void> }, dataDir: string, result: object): Promise<void> {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await stack.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** `npm run dev` as a user runs it, in its own DATA_DIR and on free ports; resolves once it is healthy. */
async function startDevProcess(dataDir: string, secret: string) {
  const port = await freePort();
  const profile = arg('cpu-prof', '');
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, '..', 'src', 'cli.ts'), 'dev'], {
    env: {
      ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', EMBEDDED_DB_PORT: '0', TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()), GITHUB_WEBHOOK_SECRET: secret, DASHBOARD_TOKEN: 'bench', LOG_LEVEL: 'error',
      ...(arg('pace', 'off') === 'default' ? {} : { WEBHOOK_RATE_LIMIT: '0' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const serverUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dev exited with code ${child.exitCode} while starting`);
    const ok = await fetch(`${serverUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('dev did not become healthy within 180 s');
    await sleep(250);
  }
  const live = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-dev.json'), 'utf8')) as { address: string; cliPid?: number };
  return {
    serverUrl,
    pid: child.pid!,
    temporalAddress: live().address,
    temporalPid: () => {
      try {
        return live().cliPid;
      } catch {
        return undefined;
      }
    },
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
