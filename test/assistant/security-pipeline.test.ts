import { io, type Socket } from 'socket.io-client';
import { startStack, type Stack } from '../support/stack';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startNotificationReceiver, type NotificationReceiver } from '../support/notification-receiver';
import { ISSUE_UPDATED_EVENT, type IssueDetail } from '../../src/issues/view';
import { delivery, eventually, newRepo, openedPayload } from '../github/support';

// Security reports through the whole stack: a real Temporal server, the embedded database, the fake
// GitHub for the repository's config, a local receiver for notifications, public read on.

const SECRET = 'notify-secret';
let stack: Stack;
let github: FakeGithub;
let receiver: NotificationReceiver;

const INJECTION = {
  title: 'SQL injection in /api/search lets anyone dump the users table',
  body: "The `q` parameter is concatenated into the SQL query.\n\nProof of concept:\n```\nGET /api/search?q=' OR '1'='1' --\n```\nreturns every row of `users`, including password hashes.",
};
const DATA_LOSS = { title: 'Saving a project wipes all my files', body: 'After saving, the project folder is empty: data loss of everything in it. The app crashes while writing.' };

beforeAll(async () => {
  github = await startFakeGithub();
  // People the test does not name are outsiders here (the assistant asks whether an author may write).
  github.state.defaultRole = 'read';
  receiver = await startNotificationReceiver(SECRET);
  stack = await startStack({ env: {
    GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url, DASHBOARD_PUBLIC_READ: '1',
    NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET,
  } });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
  await github?.close();
});

const asPublic = (path: string) => fetch(`${stack.baseUrl}${path}`);
const asHolder = (path: string) => fetch(`${stack.baseUrl}${path}`, { headers: stack.authHeaders });
const notificationsFor = (repo: { repoFullName: string }) => receiver.accepted().filter((n) => n.body?.triageflow?.repo === repo.repoFullName);

function publicSocket(): Promise<{ seen: IssueDetail[]; close(): void }> {
  const socket: Socket = io(stack.baseUrl, { transports: ['websocket'] });
  const seen: IssueDetail[] = [];
  socket.on(ISSUE_UPDATED_EVENT, (issue: IssueDetail) => seen.push(issue));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ seen, close: () => socket.close() }));
    socket.once('connect_error', reject);
  });
}

test('an exploitable injection with a proof of concept: security and p0, one signed notification, hidden from the public', async () => {
  const repo = newRepo('security', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'security: {}\n');
  github.issue(repo.repoFullName, 1, INJECTION);
  const watcher = await publicSocket();
  const opened = delivery();
  await stack.sendWebhook('issues', openedPayload(repo, 1, INJECTION.title, INJECTION.body), { deliveryId: opened });
  const triaged = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  expect(triaged.triage).toMatchObject({ priority: 'p0', labels: expect.arrayContaining(['security']) });

  const sent = await eventually(async () => notificationsFor(repo), (n) => n.length === 1, 'the security notification');
  expect(sent[0]!.headers['x-triageflow-event-id']).toBe(`security:${repo.repoId}:1`);
  expect(sent[0]!.body.triageflow).toMatchObject({ kind: 'security', number: 1, title: null, reasons: expect.arrayContaining(['an injection', 'a proof of concept']) });
  expect(sent[0]!.raw).not.toMatch(/search|users|password/i);

  // Redelivered, edited and re-triaged: still one notification.
  await stack.sendWebhook('issues', openedPayload(repo, 1, INJECTION.title, INJECTION.body), { deliveryId: opened });
  await stack.sendWebhook('issues', openedPayload(repo, 1, INJECTION.title, `${INJECTION.body}\nAlso works with UNION SELECT.`, { action: 'edited', updatedAt: new Date(Date.now() + 1000).toISOString() }));
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);

  // Public read: not listed, not found, not relayed on the socket; the token shows it.
  expect(((await (await asPublic(`/api/issues?repo=${repo.repoFullName}`)).json()) as { items: unknown[] }).items).toEqual([]);
  expect((await asPublic(`/api/issues/${repo.repoFullName}/1`)).status).toBe(404);
  expect((await asPublic(`/api/issues/${repo.repoFullName}/1/github`)).status).toBe(404);
  expect((await asPublic(`/api/issues/${repo.repoFullName}/1/assistant`)).status).toBe(404);
  expect(((await (await asHolder(`/api/issues?repo=${repo.repoFullName}`)).json()) as { total: number }).total).toBe(1);
  const assistant = await (await asHolder(`/api/issues/${repo.repoFullName}/1/assistant`)).json();
  expect(assistant).toMatchObject({ security: true, securityReasons: expect.arrayContaining(['an injection']) });
  expect(watcher.seen.filter((i) => i.repoId === repo.repoId)).toEqual([]);
  expect(notificationsFor(repo)).toHaveLength(1);
  watcher.close();
});

test('another issue lists a similar security report only to token holders', async () => {
  const repo = newRepo('similar', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'security: {}\n');
  await stack.sendWebhook('issues', openedPayload(repo, 1, INJECTION.title, INJECTION.body));
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  const copyTitle = 'Search endpoint returns the whole users table for some queries';
  await stack.sendWebhook('issues', openedPayload(repo, 2, copyTitle, 'Searching with a quote in `q` returns every row of users. The query seems to be built from the q parameter.'));
  const holder = await stack.waitForIssue(repo.repoFullName, 2, (i) => i.triage !== null);
  expect(holder.similar.map((s) => s.number)).toContain(1);
  const pub = (await (await asPublic(`/api/issues/${repo.repoFullName}/2`)).json()) as IssueDetail;
  expect(pub.similar.map((s) => s.number)).not.toContain(1);
});

test('p0 issues notify too; a repository can turn an event off; a refused notification shows as failed', async () => {
  const repo = newRepo('p0', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'security: {}\n');
  await stack.sendWebhook('issues', openedPayload(repo, 1, DATA_LOSS.title, DATA_LOSS.body));
  const triaged = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  expect(triaged.triage?.priority).toBe('p0');
  const [p0] = await eventually(async () => notificationsFor(repo), (n) => n.length === 1, 'the p0 notification');
  expect(p0!.body.triageflow).toMatchObject({ kind: 'p0', title: DATA_LOSS.title });

  const quiet = newRepo('quiet', github);
  github.setFile(quiet.repoFullName, '.github/triageflow.yml', 'security: {}\nnotify: {p0: false, security: false}\n');
  await stack.sendWebhook('issues', openedPayload(quiet, 1, DATA_LOSS.title, DATA_LOSS.body));
  await stack.waitForIssue(quiet.repoFullName, 1, (i) => i.triage !== null);
  const skipped = await eventually(async () => ((await (await asHolder('/api/notifications?status=skipped')).json()) as { items: { repo: string; lastError: string }[] }).items.filter((i) => i.repo === quiet.repoFullName), (s) => s.length === 1, 'the skipped notification');
  expect(skipped[0]!.lastError).toMatch(/notify\.p0 is false/);

  const refused = newRepo('refused', github);
  receiver.failNext(503, 400);
  await stack.sendWebhook('issues', openedPayload(refused, 1, DATA_LOSS.title, DATA_LOSS.body));
  const failed = await eventually(async () => ((await (await asHolder('/api/notifications?status=failed')).json()) as { items: { repo: string; lastError: string; attempts: number }[] }).items.filter((i) => i.repo === refused.repoFullName), (f) => f.length === 1, 'the failed notification', 60_000);
  expect(failed[0]).toMatchObject({ attempts: 2, lastError: expect.stringMatching(/answered 400/) });
  const stats = (await (await asHolder('/api/stats')).json()) as { notifications: Record<string, number> };
  expect(stats.notifications.failed).toBeGreaterThanOrEqual(1);
  expect(notificationsFor(quiet)).toEqual([]);
}, 90_000);
