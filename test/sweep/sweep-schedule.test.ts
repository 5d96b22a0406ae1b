import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createSweepCommand } from '../../src/commands/sweep';
import { sweepScheduleId } from '../../src/domain/sweep';
import { issuesPayload } from '../../src/github/sample-payload';
import { createPool, type Pool } from '../../src/db/pool';
import { freePort } from '../../src/temporal/dev-server';
import { applySweepSchedule, describeSweepSchedule } from '../../src/temporal/sweep-schedule';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { addRepoHook, deliver, type FakeHook } from '../support/fake-github/hook-routes';
import { startStack, testEnv, type Stack } from '../support/stack';
import { launchBrowser, openPage, screenshot } from '../web/browser';
import { until } from './support';

// The sweep end to end, as a maintainer would meet it: the server was down while GitHub sent deliveries
// and issues were opened; it comes back with GITHUB_SWEEP_INTERVAL=20s, a token and GITHUB_API_URL on the
// fake GitHub. The `triageflow-sweep` schedule (real Temporal) queues the issues never delivered, has
// GitHub redeliver the failed deliveries through the attempts API, leaves the one that succeeded alone,
// and /api/stats, the dashboard and `triageflow sweep` report it.

let github: FakeGithub;
let stack: Stack | undefined;
let hook: FakeHook;
let env: NodeJS.ProcessEnv;
const log = pino({ level: 'silent' });
const owner = `octo-e2e-${randomInt(1e9)}`;
const REPO = `${owner}/app`;
const LOCKED = `${owner}/locked`;
const SECRET = randomBytes(16).toString('hex');
const TEXTS = [
  ['Crash when saving a file', 'The app crashes with a NullPointerException when I save.'],
  ['Add dark mode', 'It would be nice to have a dark theme for the editor.'],
  ['How do I change the port?', 'Where is the setting for the HTTP port?'],
  ['Docs: the install page is out of date', 'The README still mentions Node 16.'],
  ['Export to CSV', 'Please add an export of the table to CSV.'],
  ['Freeze after upgrade', 'Since 2.3 the window freezes on start.'],
  ['Login fails with SSO', 'SSO login returns a 500 error.'],
  ['Typo in settings', 'The settings page says "Prefrences".'],
] as const;

const payload = (repo: string, number: number) => {
  const issue = github.issue(repo, number);
  return issuesPayload({ repoId: github.repoId(repo), repoFullName: repo, number, title: issue.title, body: issue.body, updatedAt: issue.updatedAt });
};
const stats = async () => (await (await fetch(`${stack!.baseUrl}/api/stats`, { headers: stack!.authHeaders })).json()) as any;
const triaged = async (repo: string, number: number) => {
  const res = await fetch(`${stack!.baseUrl}/api/issues/${repo}/${number}`, { headers: stack!.authHeaders });
  return res.ok && ((await res.json()) as { status: string }).status === 'triaged';
};

beforeAll(async () => {
  github = await startFakeGithub();
  const port = await freePort();
  env = testEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, GITHUB_WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: 'ghp_e2e', GITHUB_API_URL: github.url });
  hook = addRepoHook(github.state, REPO, { url: `${env.PUBLIC_URL}/webhooks/github`, secret: SECRET });
  TEXTS.forEach(([title, body], i) => github.issue(REPO, i + 1, { title, body }));

  // Before the outage: issue 8 is delivered and triaged (the sweep is off: GITHUB_SWEEP_INTERVAL=0).
  stack = await startStack({ env });
  expect((await deliver(github.state, hook, 'issues', payload(REPO, 8))).status_code).toBe(202);
  await stack.waitForIssue(REPO, 8, (i) => i.status === 'triaged', 60_000);
  await stack.stop();
  stack = undefined;

  // The outage: issues 6 and 7 are delivered while the server is down (connection refused); 1 to 5 and
  // the locked repository's issue 1 were never delivered at all.
  for (const n of [6, 7]) expect((await deliver(github.state, hook, 'issues', payload(REPO, n))).status_code).toBe(0);
  github.issue(LOCKED, 1, { title: 'Crash on start', body: 'It crashes.' });
  github.state.hooksForbidden.add(LOCKED);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  const connection = await Connection.connect({ address: process.env.TRIAGEFLOW_TEST_TEMPORAL_ADDRESS! });
  await new Client({ connection }).schedule.getHandle(sweepScheduleId(env.TEMPORAL_TASK_QUEUE!)).delete().catch(() => undefined);
  await connection.close();
  await github?.close();
});

test('back from an outage, the schedule triages what was never delivered and has GitHub redeliver what failed, once', async () => {
  const failed = hook.deliveries.filter((d) => d.status_code === 0);
  const succeeded = hook.deliveries.filter((d) => d.status_code === 202);
  expect([failed.length, succeeded.length]).toEqual([2, 1]);

  const started = Date.now();
  stack = await startStack({ env: { ...env, GITHUB_SWEEP_INTERVAL: '20s', GITHUB_SWEEP_REPOS: `${REPO},${LOCKED}` } });
  const expected = [...[1, 2, 3, 4, 5, 6, 7].map((n) => [REPO, n] as const), [LOCKED, 1] as const];
  await until(async () => (await Promise.all(expected.map(([r, n]) => triaged(r, n)))).filter(Boolean).length, (n) => n === expected.length, 'the missed issues triaged', 150_000);
  const seconds = (Date.now() - started) / 1000;
  expect(seconds).toBeLessThan(150);

  // The two failed deliveries, and only they, were redelivered through the attempts API.
  const attempts = github.requestsTo('POST', /\/attempts$/).map((r) => r.path);
  expect(attempts.sort()).toEqual(failed.map((d) => `/repos/${REPO}/hooks/${hook.id}/deliveries/${d.id}/attempts`).sort());
  expect(attempts.some((p) => p.includes(`/${succeeded[0]!.id}/`))).toBe(false);

  // Each issue entered the inbox once and was classified once: 6 and 7 by their redelivered webhook, 8 by
  // its original one, the rest by the sweep.
  const pool: Pool = createPool(stack.databaseUrl, 1);
  try {
    const { rows } = await pool.query<{ repo: string; number: number; deliveries: string[]; classified: number }>(
      `SELECT w.repo_full_name AS repo, w.issue_number AS number, array_agg(w.delivery_id ORDER BY w.id) AS deliveries,
              (SELECT count(*)::int FROM classifications c JOIN issues i ON i.id = c.issue_id WHERE i.repo_id = w.repo_id AND i.number = w.issue_number) AS classified
       FROM webhook_inbox w GROUP BY w.repo_full_name, w.repo_id, w.issue_number ORDER BY 1, 2`);
    const byIssue = new Map(rows.map((r) => [`${r.repo}#${r.number}`, r]));
    for (const [repo, n] of [...expected, [REPO, 8] as const]) expect(byIssue.get(`${repo}#${n}`)?.classified).toBe(1);
    for (const n of [6, 7]) expect(byIssue.get(`${REPO}#${n}`)!.deliveries).toEqual([failed.find((d) => JSON.parse(d.body).issue.number === n)!.guid]);
    expect(byIssue.get(`${REPO}#8`)!.deliveries).toEqual([succeeded[0]!.guid]);
    for (const n of [1, 2, 3, 4, 5]) expect(byIssue.get(`${REPO}#${n}`)!.deliveries).toEqual([expect.stringMatching(new RegExp(`^sweep:${github.repoId(REPO)}:${n}:`))]);
  } finally {
    await pool.end();
  }

  // The schedule repeats: an issue opened now is triaged by a later scheduled sweep.
  github.issue(REPO, 9, { title: 'Crash when printing', body: 'Printing crashes the app.' });
  await until(() => triaged(REPO, 9), Boolean, 'the late issue triaged', 150_000);

  const { sweep } = await stats();
  expect(sweep).toMatchObject({ enabled: true, off: null, intervalSeconds: 20, schedule: { id: sweepScheduleId(env.TEMPORAL_TASK_QUEUE!), exists: true, paused: false } });
  expect(Date.parse(sweep.lastRunAt)).toBeGreaterThan(started);
  expect(sweep.repos).toBe(2);
  expect(sweep.last24h).toMatchObject({ issuesQueued: 7, redelivered: 2 });
  expect(sweep.errors).toEqual([{ repo: LOCKED, part: 'deliveries', message: expect.stringContaining('GitHub refused to list the webhooks of') }]);
  expect(sweep.errors[0].message).toContain('admin:repo_hook');

  // Temporal holds the schedule as configured: every 20 s, never two at once.
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const d = await new Client({ connection }).schedule.getHandle(sweepScheduleId(env.TEMPORAL_TASK_QUEUE!)).describe();
    expect(d.spec.intervals?.map((i) => i.every)).toEqual([20_000]);
    expect(d.policies.overlap).toBe('SKIP');
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'sweepRepositories', taskQueue: env.TEMPORAL_TASK_QUEUE });
  } finally {
    await connection.close();
  }
}, 400_000);

test('`triageflow sweep` runs one now through Temporal and prints what it did', async () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await createSweepCommand({ out: (t) => void out.push(t), err: (t) => void err.push(t) }).run(args, env);
    return { code, out: out.join(''), err: err.join('') };
  };
  github.issue(REPO, 10, { title: 'Crash on exit', body: 'Quitting crashes.' });
  const one = await run(['--repo', REPO]);
  expect(one.out).toBe(`Swept 1 repository: ${REPO}.\n1 issue queued for triage, 0 failed deliveries redelivered by GitHub.\n`);
  expect(one.code).toBe(0);
  expect(one.err).toMatch(new RegExp(`^Sweeping ${REPO} \\(workflow ${sweepScheduleId(env.TEMPORAL_TASK_QUEUE!)}-now-${REPO.toLowerCase()}, http://localhost:8233/namespaces/default/workflows/`));
  await stack!.waitForIssue(REPO, 10, (i) => i.status === 'triaged', 60_000);

  const locked = await run(['--repo', LOCKED]);
  expect(locked.code).toBe(1);
  expect(locked.out).toMatch(new RegExp(`Problems:\\n  ${LOCKED} \\(deliveries\\): GitHub refused to list the webhooks of ${LOCKED} \\(403: Resource not accessible by personal access token\\)`));
  await expect(createSweepCommand().run(['--repo', 'not a repo'], env)).rejects.toThrow(/--repo "not a repo" is not a repository name of the form OWNER\/NAME/);
}, 120_000);

test('the dashboard shows the sweep and explains the 403 on the hooks API', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, stack!.baseUrl, { token: stack!.dashboardToken });
    await page.locator('#sweep-toggle[data-state="problem"]').waitFor();
    expect(await page.locator('#sweep-badge').textContent()).toBe('1');
    await page.locator('#sweep-toggle').click();
    const panel = page.locator('#sweep');
    await panel.getByText('What the last run could not do').waitFor();
    expect(await panel.textContent()).toMatch(/Every 20 s\. Last run .*; next at \d.*Repositories\d · last run.*Issues queued\d+ · \d+ in 24 h.*Redelivered\d+ · 2 in 24 h/s);
    expect(await panel.locator('.sweep__problem').textContent()).toMatch(new RegExp(`^${LOCKED} \\(deliveries\\): GitHub refused to list the webhooks .*admin:repo_hook scope`));
    await screenshot(page, 'sweep-panel');
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);

test('without credentials the sweep is off and says what to set; GITHUB_SWEEP_INTERVAL=0 removes the schedule', async () => {
  await stack!.stop();
  stack = await startStack({ env: { ...env, GITHUB_TOKEN: '', GITHUB_SWEEP_INTERVAL: '20s' } });
  const { sweep } = await stats();
  expect(sweep.enabled).toBe(false);
  expect(sweep.off).toMatch(/^No GitHub credentials.*set GITHUB_TOKEN .* or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY, and restart the worker\.$/);
  // The worker without credentials removed the schedule.
  expect(sweep.schedule).toMatchObject({ exists: false });
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser, stack.baseUrl, { token: stack.dashboardToken });
    await page.locator('#sweep-toggle[data-state="off"]').waitFor();
    await page.locator('#sweep-toggle').click();
    await page.locator('#sweep [data-sweep-off]').getByText(/The scheduled sweep is off\. No GitHub credentials/).waitFor();
    await screenshot(page, 'sweep-off');
  } finally {
    await browser.close();
  }

  // The schedule is created, updated in place, and removed with the sweep off.
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection });
    const taskQueue = `sweep-schedule-${randomUUID()}`;
    expect(await applySweepSchedule(client, { taskQueue, intervalMs: 60_000, off: null }, log)).toBe('created');
    expect(await applySweepSchedule(client, { taskQueue, intervalMs: 120_000, off: null }, log)).toBe('updated');
    const handle = client.schedule.getHandle(sweepScheduleId(taskQueue));
    expect((await handle.describe()).spec.intervals?.map((i) => i.every)).toEqual([120_000]);
    // An operator's pause in the Temporal UI survives a worker's restart.
    await handle.pause('paused by an operator');
    expect(await applySweepSchedule(client, { taskQueue, intervalMs: 120_000, off: null }, log)).toBe('updated');
    expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'paused by an operator' });
    expect(await applySweepSchedule(client, { taskQueue, intervalMs: 0, off: 'GITHUB_SWEEP_INTERVAL is 0' }, log)).toBe('removed');
    expect(await describeSweepSchedule(client, taskQueue)).toEqual({ id: sweepScheduleId(taskQueue), exists: false, paused: false, nextRunAt: null });
    expect(await applySweepSchedule(client, { taskQueue, intervalMs: 0, off: 'GITHUB_SWEEP_INTERVAL is 0' }, log)).toBe('absent');
  } finally {
    await connection.close();
  }
}, 180_000);
