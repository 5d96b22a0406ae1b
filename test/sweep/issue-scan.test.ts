import { parseGithubEvent } from '../../src/domain/parse-event';
import { triageWorkflowId } from '../../src/domain/triage-state';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { sweepActivities } from './support';

// The issue half of the sweep against the fake GitHub: the issues list by update time, paged by Link,
// from `since`; what is newer than the inbox holds is queued once, as an `issues` delivery.

let db: TestDatabase;
let github: FakeGithub;
const REPO = 'octo-sweep/issues';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

beforeAll(async () => {
  db = await startTestDatabase();
  github = await startFakeGithub();
  // 230 issues updated over the last ~2 days, the newest last, plus a pull request, an issue closed
  // before Triageflow saw it, and one last updated a week ago (before the look-back).
  for (let n = 1; n <= 230; n++) github.issue(REPO, n, { title: `Issue ${n}`, body: 'It crashes.', updatedAt: minutesAgo(3 * 60 + (230 - n) * 10) });
  github.issue(REPO, 231, { title: 'A pull request', pullRequest: true, updatedAt: minutesAgo(30) });
  github.issue(REPO, 232, { title: 'Closed before we looked', state: 'closed', updatedAt: minutesAgo(40) });
  github.issue(REPO, 233, { title: 'Old news', updatedAt: minutesAgo(7 * 24 * 60) });
});
afterAll(async () => {
  await github?.close();
  await db?.stop();
});

const env = () => ({ DATABASE_URL: db.url, GITHUB_TOKEN: 'ghp_sweep', GITHUB_API_URL: github.url, GITHUB_SWEEP_REPOS: REPO });
const listRequests = () => github.requestsTo('GET', new RegExp(`^/repos/${REPO}/issues$`));
// The inbox keeps a payload as the text it received; the tests read it as the JSON it is.
const queued = async () => (await db.pool.query<{ delivery_id: string; action: string; issue_number: number; event: string; payload: string; github_updated_at: Date }>(
  "SELECT delivery_id, action, issue_number, event, payload, github_updated_at FROM webhook_inbox WHERE delivery_id LIKE 'sweep:%' ORDER BY id")).rows
  .map((r) => ({ ...r, payload: JSON.parse(r.payload) as any }));

test('queues every issue newer than what arrived, as an issues delivery, paging by Link in order of update', async () => {
  const repoId = github.repoId(REPO);
  // Issue 10 arrived in its current version; issue 11 in an older one; issue 12 is stored as open but
  // GitHub has it closed now (its close event was lost).
  const inbox = (number: number, updatedAt: string) => db.pool.query(
    "INSERT INTO webhook_inbox (delivery_id, event, action, repo_id, repo_full_name, issue_number, workflow_id, github_updated_at, payload, forwarded_at) VALUES ($1, 'issues', 'opened', $2, $3, $4, $5, $6, '{}', now())",
    [`webhook-${number}`, repoId, REPO, number, triageWorkflowId(repoId, number), updatedAt]);
  await inbox(10, github.state.repo(REPO).issues.get(10)!.updatedAt);
  await inbox(11, minutesAgo(5 * 24 * 60));
  github.issue(REPO, 12, { state: 'closed' });
  await db.pool.query("INSERT INTO issues (repo_id, repo_full_name, number, workflow_id, state) VALUES ($1, $2, 12, $3, 'open')", [repoId, REPO, triageWorkflowId(repoId, 12)]);

  const activities = sweepActivities(db.pool, env());
  const startedAt = Date.now();
  const result = await activities.sweepRepoIssues({ runId: 'run-1', target: { repoId: null, fullName: REPO } });

  // Three pages of 100 (231 issues and the pull request since the look-back), each asked as the sweep asks.
  const pages = listRequests();
  expect(pages.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2', '3']);
  for (const p of pages) expect(Object.fromEntries(['state', 'sort', 'direction', 'per_page'].map((k) => [k, p.query.get(k)]))).toEqual({ state: 'all', sort: 'updated', direction: 'asc', per_page: '100' });
  // The first sweep of a repository looks back GITHUB_SWEEP_LOOKBACK (3 days), in GitHub's format.
  const since = pages[0]!.query.get('since')!;
  expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(Math.abs(Date.parse(since) - (startedAt - 3 * 86_400_000))).toBeLessThan(5_000);

  const rows = await queued();
  // 230 issues, less issue 10 (received), plus none of: the pull request, the closed unseen, the old one.
  expect(result).toEqual({ issuesQueued: 229, redelivered: 0, problem: null });
  expect(rows).toHaveLength(229);
  expect(rows.map((r) => r.issue_number)).toEqual([...Array(230).keys()].map((i) => i + 1).filter((n) => n !== 10));
  const byNumber = new Map(rows.map((r) => [r.issue_number, r]));
  expect(byNumber.get(1)!.action).toBe('opened');
  expect(byNumber.get(11)!.action).toBe('edited');
  expect(byNumber.get(12)!.action).toBe('closed');
  const one = byNumber.get(1)!;
  const updatedAt = github.state.repo(REPO).issues.get(1)!.updatedAt;
  expect(one.delivery_id).toBe(`sweep:${repoId}:1:${updatedAt}`);
  expect(one.github_updated_at.toISOString()).toBe(new Date(updatedAt).toISOString());
  // The payload is an issues webhook the router and the activities read like any other.
  expect(one.payload.repository).toEqual({ id: repoId, full_name: REPO, private: false });
  const parsed = parseGithubEvent(one.event, one.delivery_id, one.payload, new Date());
  expect(parsed.kind === 'event' && { action: parsed.event.action, number: parsed.event.issue.number, title: parsed.event.issue.title }).toEqual({ action: 'opened', number: 1, title: 'Issue 1' });
}, 60_000);

test('later sweeps start from the mark, and queue each version of an issue once', async () => {
  const activities = sweepActivities(db.pool, env());
  github.requests.length = 0;
  const again = await activities.sweepRepoIssues({ runId: 'run-2', target: { repoId: null, fullName: REPO } });
  expect(again.issuesQueued).toBe(0);
  // From the newest issue seen (the closed one, 40 minutes ago), less a minute of overlap: one page.
  const since = listRequests().map((r) => r.query.get('since'));
  expect(since).toHaveLength(1);
  expect(Date.parse(since[0]!)).toBe(Date.parse(github.state.repo(REPO).issues.get(232)!.updatedAt) - 60_000);

  // An edit on GitHub that never arrived as a webhook: queued by the next sweep, and by that one only.
  github.issue(REPO, 5, { body: 'It crashes on save, too.', updatedAt: minutesAgo(0) });
  const edited = await activities.sweepRepoIssues({ runId: 'run-3', target: { repoId: null, fullName: REPO } });
  const repeated = await activities.sweepRepoIssues({ runId: 'run-4', target: { repoId: null, fullName: REPO } });
  expect([edited.issuesQueued, repeated.issuesQueued]).toEqual([1, 0]);
  const fives = (await queued()).filter((r) => r.issue_number === 5);
  expect(fives.map((r) => [r.action, r.payload.issue.body])).toEqual([['opened', 'It crashes.'], ['edited', 'It crashes on save, too.']]);
}, 60_000);

test('a repository GitHub does not serve is reported, not retried', async () => {
  const activities = sweepActivities(db.pool, env());
  github.fail('GET', /^\/repos\/octo-sweep\/gone$/, { status: 404, message: 'Not Found' });
  const result = await activities.sweepRepoIssues({ runId: 'run-5', target: { repoId: null, fullName: 'octo-sweep/gone' } });
  expect(result.problem).toEqual({ repo: 'octo-sweep/gone', part: 'repository', message: expect.stringContaining('GitHub answers 404 for octo-sweep/gone (Not Found): it does not exist, or the token') });
  // A known repository whose name now belongs to another: not swept under the old id.
  const moved = await activities.sweepRepoIssues({ runId: 'run-6', target: { repoId: 42, fullName: REPO } });
  expect(moved.problem?.message).toMatch(new RegExp(`^${REPO} is now GitHub's repository ${github.repoId(REPO)}, not 42`));
});

test('the plan: every repository that sent a delivery plus GITHUB_SWEEP_REPOS; off without credentials', async () => {
  await db.pool.query("INSERT INTO webhook_inbox (delivery_id, event, action, repo_id, repo_full_name, issue_number, workflow_id, payload) VALUES ('other-1', 'issues', 'opened', 77, 'octo-sweep/other', 1, 'triage-issue-77-1', '{}')");
  const plan = await sweepActivities(db.pool, { ...env(), GITHUB_SWEEP_REPOS: `${REPO},octo-sweep/configured` }).planSweep({});
  expect(plan.targets).toEqual([{ repoId: 77, fullName: 'octo-sweep/other' }, { repoId: github.repoId(REPO), fullName: REPO }, { repoId: null, fullName: 'octo-sweep/configured' }]);
  expect(plan.off).toBeNull();
  // No PUBLIC_URL and no GITHUB_HOOK_ID: issues are swept, failed deliveries cannot be found.
  expect(plan.deliveriesOff?.message).toMatch(/^Failed deliveries are not redelivered: set PUBLIC_URL/);
  const one = await sweepActivities(db.pool, env()).planSweep({ repo: 'OCTO-SWEEP/other' });
  expect(one.targets).toEqual([{ repoId: 77, fullName: 'octo-sweep/other' }]);
  const off = await sweepActivities(db.pool, { DATABASE_URL: db.url, GITHUB_API_URL: github.url }).planSweep({});
  expect(off.off).toMatch(/^No GitHub credentials.*set GITHUB_TOKEN/);
});
