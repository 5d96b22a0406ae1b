import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { signBody } from '../../src/github/sign';
import { SUITE_REPO_ID, issuePayload, testEnv } from '../support/stack';
import { readImageCommands } from './dockerfile';

// What the Dockerfile does, without Docker: `npm run build`, then its ENTRYPOINT with each role and its
// HEALTHCHECK, from a directory laid out like the image (package.json, node_modules, dist/), so nothing
// may reach back to the TypeScript sources, tsx or the repository's migrations and web/ folders.

const ROOT = path.join(__dirname, '..', '..');
const run = promisify(execFile);
const image = readImageCommands(path.join(ROOT, 'Dockerfile'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

interface Role {
  child: ChildProcess;
  output: string[];
}

let app: string;
let baseUrl: string;
let files: string[];
const env = testEnv({ LOG_LEVEL: 'warn' });
const roles: Role[] = [];

function start(role: 'server' | 'worker'): Role {
  const [command, ...args] = image.entrypoint;
  const child = spawn(command!, [...args, role], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (c: string) => output.push(c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => output.push(c));
  const started = { child, output };
  roles.push(started);
  return started;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves with the first match of `pattern` in the role's output; fails with that output if it exits or takes too long. */
async function waitFor(role: Role, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(role.output.join(''));
    if (match) return match;
    const ended = hasExited(role.child) ? `it exited (${role.child.exitCode ?? role.child.signalCode})` : Date.now() > deadline ? `no match within ${timeoutMs} ms` : '';
    if (ended) throw new Error(`The compiled "${role.child.spawnargs.slice(-1)[0]}" never printed ${pattern}: ${ended}. Its output:\n${role.output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (hasExited(child) ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

beforeAll(async () => {
  app = fs.mkdtempSync(path.join(process.env.TRIAGEFLOW_TEST_DIR ?? '/tmp', 'build-'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  await run('npm', ['run', 'build', '--', '--outDir', path.join(app, 'dist')], { cwd: ROOT });
  files = fs.readdirSync(path.join(app, 'dist'), { recursive: true, encoding: 'utf8' });
}, 120_000);

afterAll(async () => {
  // Only a role left running by a failed test is still here; the clean stop is a test of its own.
  for (const { child } of roles.reverse()) {
    if (!hasExited(child)) child.kill('SIGKILL');
    await exited(child);
  }
});

test('the build holds no TypeScript and carries the migrations and the dashboard', () => {
  expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining([path.join('src', 'db', 'migrations', '001_core.sql'), path.join('web', 'index.html'), path.join('workflows', 'index.js')]));
});

// The image installs with --omit=dev; this test runs on the full node_modules, so check the difference.
test('the compiled code requires production dependencies only', () => {
  const required = new Set<string>();
  for (const file of files.filter((f) => f.endsWith('.js') && !f.startsWith('web'))) {
    for (const [, spec] of fs.readFileSync(path.join(app, 'dist', file), 'utf8').matchAll(/\brequire\("([^".][^"]*)"\)/g)) {
      if (!isBuiltin(spec!)) required.add(spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/'));
    }
  }
  expect(required.size).toBeGreaterThan(5);
  expect([...required].filter((name) => !(name in pkg.dependencies))).toEqual([]);
});

test('the compiled server answers /healthz, serves the dashboard and accepts a signed webhook', async () => {
  const server = start('server');
  baseUrl = (await waitFor(server, /Triageflow server on (http:\/\/\S+)/, 45_000))[1]!;

  const health = await fetch(`${baseUrl}/healthz`, { headers: { authorization: `Bearer ${env.DASHBOARD_TOKEN!}` } });
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, database: 'up', temporal: 'up' });
  const [check, ...checkArgs] = image.healthcheck;
  await expect(run(check!, checkArgs, { env: { PATH: env.PATH, PORT: new URL(baseUrl).port }, timeout: 10_000 })).resolves.toBeDefined();
  // Port 1: nothing listens there, so the same check must report the server as down.
  await expect(run(check!, checkArgs, { env: { PATH: env.PATH, PORT: '1' }, timeout: 10_000 })).rejects.toMatchObject({ code: 1 });
  const dashboard = await fetch(`${baseUrl}/app.js`);
  expect(dashboard.status).toBe(200);

  const body = JSON.stringify(issuePayload({ number: 1, title: 'Crash on start after upgrading to 2.0', body: 'TypeError: cannot read properties of undefined' }));
  const res = await fetch(`${baseUrl}/webhooks/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody(env.GITHUB_WEBHOOK_SECRET!, body) },
    body,
  });
  expect(res.status).toBe(202);
}, 60_000);

test('a compiled worker bundles the compiled workflows and triages the issue', async () => {
  const worker = start('worker');
  await waitFor(worker, /Triageflow worker on task queue/, 45_000);
  const deadline = Date.now() + 15_000;
  let issue: { status?: string; triage?: { category: string } | null } = {};
  while (issue.status !== 'triaged' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${baseUrl}/api/issues/suite-${SUITE_REPO_ID}/app/1`, { headers: { authorization: `Bearer ${env.DASHBOARD_TOKEN!}` } });
    if (res.ok) issue = (await res.json()) as typeof issue;
  }
  expect(issue).toMatchObject({ status: 'triaged', triage: { category: expect.any(String) } });
}, 60_000);

test('both roles stop cleanly on SIGTERM', async () => {
  const codes: (number | null)[] = [];
  for (const { child } of [...roles].reverse()) {
    child.kill('SIGTERM');
    codes.push(await exited(child));
  }
  expect(codes).toEqual([0, 0]);
}, 30_000);
