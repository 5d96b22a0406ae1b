import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { issuesPayload } from '../../src/github/sample-payload';
import { signBody } from '../../src/github/sign';
import { SUITE_REPO_ID, testEnv } from '../support/stack';
import { niceOf, threadNices } from '../support/thread-nice';

// `dev` as a user starts it, with a Temporal dev server of its own: the HTTP server runs in a thread of
// its own, and the worker and the Temporal dev server run at a lower priority than it and the embedded
// database (dev-stack.ts). A webhook still goes all the way through, /metrics still has the worker's
// figures, and a Temporal server restarted after a kill starts lowered too.

const ROOT = path.join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, read: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

let child: ChildProcess;
let output = '';
const env = testEnv({ TEMPORAL_PORT: '0', TEMPORAL_UI_PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
delete env.TEMPORAL_ADDRESS;
const cliPid = () => (JSON.parse(fs.readFileSync(path.join(env.DATA_DIR!, 'temporal-dev.json'), 'utf8')) as { cliPid?: number }).cliPid;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'dev'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
}, 10_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => resolve(clearTimeout(kill)));
  });
}, 40_000);

test('dev: a webhook is triaged through the server thread, /metrics has both threads, and the worker and Temporal run lowered', async () => {
  const baseUrl = await until('the banner', () => /Dashboard {7}(http:\/\/\S+)\//.exec(output)?.[1], 240_000).catch((err: Error) => {
    throw new Error(`${err.message}; dev printed:\n${output}`);
  });
  const body = JSON.stringify(issuesPayload({ repoId: SUITE_REPO_ID, repoFullName: 'dev/stack', number: 1, title: 'Crash when saving a file', body: 'TypeError in save()' }));
  const res = await fetch(`${baseUrl}/webhooks/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': `dev-stack-${SUITE_REPO_ID}`, 'x-hub-signature-256': signBody(env.GITHUB_WEBHOOK_SECRET!, body) },
    body,
  });
  expect(res.status).toBe(202);
  const auth = { authorization: `Bearer ${env.DASHBOARD_TOKEN}` };
  const issue = await until('the triaged issue', async () => {
    const r = await fetch(`${baseUrl}/api/issues/dev/stack/1`, { headers: auth });
    const i = r.ok ? ((await r.json()) as { status: string; triage: { category: string } | null }) : undefined;
    return i?.status === 'triaged' ? i : undefined;
  }, 60_000);
  expect(issue.triage?.category).toEqual(expect.any(String));

  // The server thread's figures and the worker's, each family once, the process's own once.
  // The issue is stored before the notify step that counts it has finished.
  const triagedOnce = /^triageflow_triaged_total\{[^}]*role="dev"[^}]*\} 1$/m;
  // /metrics on METRICS_PORT (loopback) as the banner prints it; the public port wants METRICS_TOKEN.
  const metricsUrl = /Metrics {9}(http:\/\/\S+)/.exec(output)![1]!;
  expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
  const metrics = await until('the worker counting the triage', async () => {
    const text = await (await fetch(metricsUrl)).text();
    return triagedOnce.test(text) ? text : undefined;
  }, 30_000);
  expect(metrics).toMatch(/^triageflow_webhook_deliveries_total\{[^}]*role="dev"[^}]*\} 1$/m);
  expect(metrics.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);
  const families = metrics.match(/^# TYPE \S+/gm)!;
  expect(new Set(families).size).toBe(families.length);

  // The main thread (the worker) and the threads it made are lowered; the server's and the embedded
  // database's threads are not.
  const nices = threadNices(child.pid!);
  expect(niceOf(child.pid!, child.pid!)).toBe(10);
  expect(nices.filter((n) => n === 0).length).toBeGreaterThanOrEqual(2);
  expect(nices.filter((n) => n === 10).length).toBeGreaterThanOrEqual(2);
  const temporal = cliPid()!;
  expect(new Set(threadNices(temporal))).toEqual(new Set([10]));

  // The supervisor restarts a killed Temporal from the lowered main thread, so the new one starts lowered.
  process.kill(temporal, 'SIGKILL');
  const restarted = await until('the restarted Temporal dev server', () => {
    const pid = cliPid();
    return pid && pid !== temporal ? pid : undefined;
  }, 60_000);
  expect(new Set(threadNices(restarted))).toEqual(new Set([10]));
}, 400_000);
