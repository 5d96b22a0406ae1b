import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { issuesPayload } from '../../src/github/sample-payload';
import { triageWorkflowId } from '../../src/domain/triage-state';
import { MAX_REDELIVERIES } from '../../src/sweep/redeliver';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { FAKE_INSTALLATION_TOKEN, startFakeGithub, type FakeGithub } from '../support/fake-github';
import { addRepoHook, deliver, setApp, type FakeHook } from '../support/fake-github/hook-routes';
import { startReceiver, sweepActivities, until, type Receiver } from './support';

// The delivery half of the sweep against the fake GitHub: the repository's hook found by PUBLIC_URL,
// its log paged by cursor back to the mark, failed deliveries redelivered once (really re-sent, signed),
// the App's hook read with its JWT, and refusals of the hooks API explained instead of retried.

let db: TestDatabase;
let github: FakeGithub;
let receiver: Receiver;
let hook: FakeHook;
const SECRET = randomBytes(16).toString('hex');
const REPO = 'octo-sweep/webhooked';
const attempts = () => github.requestsTo('POST', /\/deliveries\/\d+\/attempts$/);

beforeAll(async () => {
  db = await startTestDatabase();
  github = await startFakeGithub();
  receiver = await startReceiver(SECRET);
  addRepoHook(github.state, REPO, { url: 'https://elsewhere.example/hook', secret: 'x' });
  hook = addRepoHook(github.state, REPO, { url: `${receiver.url}/webhooks/github`, secret: SECRET });
});
afterAll(async () => {
  await receiver?.close();
  await github?.close();
  await db?.stop();
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({ DATABASE_URL: db.url, GITHUB_TOKEN: 'ghp_sweep', GITHUB_API_URL: github.url, PUBLIC_URL: receiver.url, ...extra });
const target = { repoId: null, fullName: REPO };
const opened = (number: number, repo = REPO) => issuesPayload({ repoId: github.repoId(repo), repoFullName: repo, number, title: `Issue ${number}` });

test('failed deliveries of the events triage uses are redelivered once, oldest first, even by two sweeps at once', async () => {
  // 104 deliveries that reached the server two hours ago: the log takes two pages of 100.
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
  for (let n = 1; n <= 104; n++) await deliver(github.state, hook, 'issues', opened(n), { deliveredAt: twoHoursAgo });
  const lost = await deliver(github.state, hook, 'issues', opened(201), { fail: 0 });
  const refused = await deliver(github.state, hook, 'issue_comment', { ...opened(202), action: 'created', comment: { id: 1, user: { login: 'a' }, created_at: new Date().toISOString() } }, { fail: 503 });
  const push = await deliver(github.state, hook, 'push', { ref: 'refs/heads/main', repository: { id: github.repoId(REPO) } }, { fail: 503 });
  await deliver(github.state, hook, 'issues', { ...opened(203), action: 'milestoned' }, { fail: 503 });
  const inInbox = await deliver(github.state, hook, 'issues', opened(204), { fail: 0 });
  await db.pool.query("INSERT INTO webhook_inbox (delivery_id, event, action, repo_id, repo_full_name, issue_number, workflow_id, payload) VALUES ($1, 'issues', 'opened', $2, $3, 204, $4, '{}')",
    [inInbox.guid, github.repoId(REPO), REPO, triageWorkflowId(github.repoId(REPO), 204)]);
  expect([lost.status_code, refused.status_code, push.status_code]).toEqual([0, 503, 503]);
  receiver.received.length = 0;

  const [a, b] = await Promise.all([
    sweepActivities(db.pool, env()).sweepRepoDeliveries({ runId: 'run-a', target }),
    sweepActivities(db.pool, env()).sweepRepoDeliveries({ runId: 'run-b', target }),
  ]);
  expect([a.problem, b.problem]).toEqual([null, null]);
  expect(a.redelivered + b.redelivered).toBe(2);
  // Asked once each, oldest first; never the push, the unused action, or what reached the inbox.
  expect(attempts().map((r) => Number(r.path.split('/')[7]))).toEqual([lost.id, refused.id]);
  expect(attempts()[0]!.path).toBe(`/repos/${REPO}/hooks/${hook.id}/deliveries/${lost.id}/attempts`);
  // GitHub really sends them again, signed, under the event's guid.
  await until(() => receiver.received.map((r) => r.guid).sort(), (g) => g.length === 2, 'the redeliveries');
  expect(receiver.received.map((r) => r.guid).sort()).toEqual([lost.guid, refused.guid].sort());
  expect(receiver.forged).toBe(0);
  // Each sweep read the log by cursor, back to the look-back: two pages.
  const listing = github.requestsTo('GET', new RegExp(`^/repos/${REPO}/hooks/${hook.id}/deliveries$`));
  expect(listing.map((r) => (r.query.get('cursor') ? 'cursor' : 'first'))).toEqual(['first', 'first', 'cursor', 'cursor']);
  // Only the right hook was read.
  expect(github.requestsTo('GET', /\/hooks\/\d+\/deliveries$/).every((r) => r.path.includes(`/hooks/${hook.id}/`))).toBe(true);

  // The redeliveries succeeded: the next sweep asks for nothing, and reads only back to its mark (less
  // ten minutes of overlap): one page, not the two-hour-old deliveries behind it.
  github.requests.length = 0;
  const again = await sweepActivities(db.pool, env()).sweepRepoDeliveries({ runId: 'run-c', target });
  expect(again.redelivered).toBe(0);
  expect(attempts()).toHaveLength(0);
  expect(github.requestsTo('GET', /\/deliveries$/)).toHaveLength(1);
}, 60_000);

test(`a delivery the server keeps refusing is asked for ${MAX_REDELIVERIES} times, then left to the issue scan`, async () => {
  const stubborn = await deliver(github.state, hook, 'issues', opened(300), { fail: 400 });
  receiver.answer.set(stubborn.guid, 400);
  const asked: number[] = [];
  for (let run = 0; run < MAX_REDELIVERIES + 2; run++) {
    const before = attempts().length;
    await sweepActivities(db.pool, env()).sweepRepoDeliveries({ runId: `stubborn-${run}`, target });
    asked.push(attempts().length - before);
    // GitHub's new attempt is logged (failed) before the next sweep.
    await until(() => hook.deliveries.filter((d) => d.guid === stubborn.guid && d.status !== 'pending').length, (n) => n === 1 + asked.reduce((x, y) => x + y, 0), 'the attempt');
  }
  expect(asked).toEqual([1, 1, 1, 0, 0]);
  const { rows } = await db.pool.query("SELECT status FROM sweep_redeliveries WHERE guid = $1 ORDER BY claimed_at", [stubborn.guid]);
  expect(rows.map((r) => r.status)).toEqual(['requested', 'requested', 'requested', 'gave-up']);
}, 60_000);

test('a 403 on the hooks API is explained with the permission to grant, once, not retried', async () => {
  github.requests.length = 0;
  github.fail('GET', new RegExp(`^/repos/${REPO}/hooks(\\?|$)`), { status: 403, message: 'Resource not accessible by personal access token' });
  const result = await sweepActivities(db.pool, env()).sweepRepoDeliveries({ runId: 'forbidden', target });
  expect(result.problem).toEqual({
    repo: REPO, part: 'deliveries',
    message: `GitHub refused to list the webhooks of ${REPO} (403: Resource not accessible by personal access token), so failed deliveries are not redelivered: a classic token needs the admin:repo_hook scope, a fine-grained token the repository permission "Webhooks: read and write". Its issues are still reconciled.`,
  });
  expect(github.requestsTo('GET', /\/hooks$/)).toHaveLength(1);

  // No webhook posts to PUBLIC_URL: said, with what to set.
  const elsewhere = await sweepActivities(db.pool, env({ PUBLIC_URL: 'https://triage.example' })).sweepRepoDeliveries({ runId: 'elsewhere', target });
  expect(elsewhere.problem?.message).toMatch(/^No webhook of octo-sweep\/webhooked is https:\/\/triage\.example\/webhooks\/github \(its webhooks: \d+ → https:\/\/elsewhere\.example\/hook, \d+ → http:\/\/127\.0\.0\.1:\d+\/webhooks\/github\).*Set PUBLIC_URL .* or GITHUB_HOOK_ID=octo-sweep\/webhooked=ID\.$/);
  // GITHUB_HOOK_ID names it instead.
  const named = await sweepActivities(db.pool, env({ PUBLIC_URL: '', GITHUB_HOOK_ID: `${REPO}=${hook.id}` })).sweepRepoDeliveries({ runId: 'named', target });
  expect(named.problem).toBeNull();
});

describe('a GitHub App', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const APP_REPO = 'octo-sweep/app';
  const appEnv = (key = privateKey) => ({ DATABASE_URL: db.url, GITHUB_APP_ID: '321', GITHUB_APP_PRIVATE_KEY: key, GITHUB_API_URL: github.url });
  let appHook: FakeHook;
  beforeAll(() => {
    appHook = setApp(github.state, { id: 321, publicKey, url: `${receiver.url}/webhooks/github`, secret: SECRET });
  });

  test('reads its own webhook\'s deliveries and redelivers with its JWT, and lists issues with the installation\'s token', async () => {
    const failed = await deliver(github.state, appHook, 'issues', { ...opened(1, APP_REPO), installation: { id: 4242 } }, { fail: 502 });
    const elsewhere = await deliver(github.state, appHook, 'issues', { ...opened(2, 'octo-sweep/other'), installation: { id: 4242 } }, { fail: 502 });
    github.requests.length = 0;
    receiver.received.length = 0;
    const activities = sweepActivities(db.pool, appEnv());
    // One repository only (the CLI's --repo): the other repository's failed delivery waits for a full sweep.
    const one = await activities.sweepAppDeliveries({ runId: 'app-1', target: { repoId: null, fullName: APP_REPO } });
    expect(one).toEqual({ issuesQueued: 0, redelivered: 1, problem: null });
    const all = await activities.sweepAppDeliveries({ runId: 'app-2', target: null });
    expect(all.redelivered).toBe(1);
    expect(attempts().map((r) => r.path)).toEqual([`/app/hook/deliveries/${failed.id}/attempts`, `/app/hook/deliveries/${elsewhere.id}/attempts`]);
    // The App's endpoints are signed with its JWT (the fake checks it against the App's public key).
    for (const r of github.requestsTo('GET', /^\/app\/hook\/deliveries/)) expect(r.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    await until(() => receiver.received.length, (n) => n === 2, 'the App\'s redeliveries');

    github.issue(APP_REPO, 1, { title: 'Issue 1' });
    const issues = await activities.sweepRepoIssues({ runId: 'app-3', target: { repoId: null, fullName: APP_REPO } });
    expect(issues.issuesQueued).toBe(1);
    expect(github.requestsTo('GET', new RegExp(`^/repos/${APP_REPO}/issues$`))[0]!.headers.authorization).toBe(`token ${FAKE_INSTALLATION_TOKEN}`);
  });

  test('a repository the App is not installed on is reported, not retried', async () => {
    github.fail('GET', /^\/repos\/octo-sweep\/not-installed\/installation/, { status: 404, message: 'Not Found' });
    const result = await sweepActivities(db.pool, appEnv()).sweepRepoIssues({ runId: 'app-missing', target: { repoId: null, fullName: 'octo-sweep/not-installed' } });
    expect(result.problem).toEqual({ repo: 'octo-sweep/not-installed', part: 'repository', message: 'The GitHub App is not installed on octo-sweep/not-installed (404 on its installation): install it there, or remove the repository from GITHUB_SWEEP_REPOS.' });
  });

  test('a key that is not the App\'s is refused, and said so', async () => {
    const { privateKey: wrong } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const result = await sweepActivities(db.pool, appEnv(wrong)).sweepAppDeliveries({ runId: 'app-wrong', target: null });
    expect(result.problem).toEqual({ repo: null, part: 'deliveries', message: expect.stringMatching(/^GitHub refused the App's webhook deliveries \(401: A JSON web token could not be decoded\).*GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY must be the App's own/) });
  });
});
