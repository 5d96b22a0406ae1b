import { issuePayload, SUITE_REPO_ID, startStack, type Stack } from '../support/stack';
import type { IssueList } from '../../src/issues/view';

let stack: Stack;
const repo = `suite-${SUITE_REPO_ID}/app`;
const otherRepo = `suite-${SUITE_REPO_ID}/other`;

beforeAll(async () => {
  stack = await startStack();
  const sends = [
    issuePayload({ number: 1, title: 'App crashes with a stack trace on save', body: 'TypeError: x is undefined\n    at save (app.js:1:1)' }),
    issuePayload({ number: 2, title: 'How do I change the theme?', body: 'Is there a setting for dark mode?' }),
    issuePayload({ number: 3, title: 'Feature request: export to CSV', body: 'It would be great to export data as CSV.' }),
    issuePayload({ number: 1, repoId: SUITE_REPO_ID + 1, repoFullName: otherRepo, title: 'Docs typo', body: 'The README has a typo.' }),
  ];
  for (const p of sends) expect((await stack.sendWebhook('issues', p)).status).toBe(202);
  for (const n of [1, 2, 3]) await stack.waitForIssue(repo, n, (i) => i.status === 'triaged');
  await stack.waitForIssue(otherRepo, 1, (i) => i.status === 'triaged');
});
afterAll(async () => stack?.stop());

const get = async (path: string) => {
  const res = await fetch(`${stack.baseUrl}${path}`, { headers: stack.authHeaders });
  return { status: res.status, body: (await res.json()) as any };
};
const correct = (number: number, body: unknown, token: string | null = stack.dashboardToken) =>
  fetch(`${stack.baseUrl}/api/issues/${repo}/${number}/corrections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

test('lists issues newest first, filtered by repository and paginated', async () => {
  const all = (await get(`/api/issues?repo=${repo}`)).body as IssueList;
  expect(all.total).toBe(3);
  expect(all.items.map((i) => i.number).sort()).toEqual([1, 2, 3]);
  const page = (await get(`/api/issues?repo=${repo}&pageSize=2&page=2`)).body as IssueList;
  expect(page).toMatchObject({ page: 2, pageSize: 2, total: 3 });
  expect(page.items).toHaveLength(1);
  const other = (await get(`/api/issues?repo=${otherRepo}`)).body as IssueList;
  expect(other.items.map((i) => i.repo)).toEqual([otherRepo]);
});

test('filters by category, status and corrected', async () => {
  const one = (await get(`/api/issues/${repo}/1`)).body;
  const byCategory = (await get(`/api/issues?repo=${repo}&category=${one.triage.category}`)).body as IssueList;
  expect(byCategory.items.every((i) => i.triage?.category === one.triage.category)).toBe(true);
  expect(byCategory.items.some((i) => i.number === 1)).toBe(true);
  expect((await get(`/api/issues?repo=${repo}&status=triaged`)).body.total).toBe(3);
  expect((await get(`/api/issues?repo=${repo}&corrected=true`)).body.total).toBe(0);
});

test('bad query parameters are 400s that say what is allowed', async () => {
  expect(await get('/api/issues?status=done')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/status must be one of/) } });
  expect(await get('/api/issues?pageSize=1000')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/pageSize/) } });
  expect(await get('/api/issues?corrected=maybe')).toMatchObject({ status: 400 });
  expect(await get(`/api/issues/${repo}/abc`)).toMatchObject({ status: 400 });
  expect(await get('/api/nothing-here')).toMatchObject({ status: 404 });
});

test('an unknown issue is a 404', async () => {
  expect(await get(`/api/issues/${repo}/999`)).toMatchObject({ status: 404, body: { error: expect.stringMatching(/#999/) } });
  expect(await correct(999, { category: 'bug', actor: 'x' })).toMatchObject({ status: 404 });
});

test('corrections need the dashboard token', async () => {
  expect(await correct(1, { category: 'bug', actor: 'x' }, null)).toMatchObject({ status: 401, body: { error: expect.stringMatching(/Authorization/) } });
  expect(await correct(1, { category: 'bug', actor: 'x' }, 'wrong')).toMatchObject({ status: 401, body: { error: expect.stringMatching(/token is wrong/) } });
});

test.each([
  [{ category: 'bug' }, /actor/],
  [{ category: 'bogus', actor: 'x' }, /category must be one of/],
  [{ priority: 'p9', actor: 'x' }, /priority must be one of/],
  [{ labels: 'bug', actor: 'x' }, /labels/],
  [{ duplicateOf: -1, actor: 'x' }, /duplicateOf/],
  [{ actor: 'x' }, /at least one of/],
  [{ category: 'bug', actor: 'x', extra: 1 }, /extra/],
  ['{not json', /not valid JSON/],
])('a bad correction body %j is a 400', async (body, message) => {
  const res = await correct(1, body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(message);
});

test('a good correction is a 202 and shows up with its audit entry', async () => {
  const res = await correct(2, { category: 'question', priority: 'p3', actor: 'lee', note: 'support request' });
  expect(res).toMatchObject({ status: 202, body: { accepted: true, correctionId: expect.any(String) } });
  const issue = await stack.waitForIssue(repo, 2, (i) => i.corrected);
  expect(issue.corrections).toHaveLength(1);
  expect(issue.corrections[0]).toMatchObject({ actor: 'lee', note: 'support request', after: { category: 'question', priority: 'p3' } });
  expect((await get(`/api/issues?repo=${repo}&corrected=true`)).body.total).toBe(1);
});

test('stats count issues by status and category and report the cache', async () => {
  const stats = (await get('/api/stats')).body;
  expect(stats.issues.total).toBeGreaterThanOrEqual(4);
  expect(stats.cache).toEqual(expect.objectContaining({ hits: expect.any(Number), misses: expect.any(Number), hitRate: expect.any(Number) }));
});

test('the dashboard page is served at /', async () => {
  const res = await fetch(`${stack.baseUrl}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
});
