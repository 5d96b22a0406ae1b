import pg from 'pg';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { startStack, type Stack } from '../support/stack';
import { eventually, githubView, labelPayload, newRepo, openedPayload } from './support';

// Issue 23 through the whole stack, against a fake GitHub (and a fake OpenAI, to have a confident p0):
// a label edit by someone GitHub does not say may triage is a note that changes and teaches nothing;
// a p0 label waits for a person whatever the confidence unless review.autoApprove lists it.

let stack: Stack;
let github: FakeGithub;
let openai: FakeOpenAI;
let db: pg.Client;
const LIVE = 'dryRun: false\nconfidenceThreshold: 0.5\n';
const CRASH = { title: 'Data loss: saving wipes the whole document', body: 'Every save since 2.3 empties the file. Steps: open, type, save.' };

beforeAll(async () => {
  [github, openai] = await Promise.all([startFakeGithub(), startFakeOpenAI()]);
  stack = await startStack({ env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '64' } });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
}, 120_000);
afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await Promise.all([github?.close(), openai?.close()]);
});

test('a label edit by someone without triage permission is an unverified note: no correction, nothing learned', async () => {
  openai.setChatAnswer({ category: 'bug', priority: 'p1', labels: [], confidence: 0.9, rationale: 'A crash.', duplicateOf: null });
  const repo = newRepo('permissions', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', LIVE);
  github.issue(repo.repoFullName, 1, CRASH);
  github.state.roles.set(`${repo.repoFullName.toLowerCase()}#mallory`, 'read');
  github.state.roles.set(`${repo.repoFullName.toLowerCase()}#tess`, 'triage');
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the write-back');
  const examples = async () => (await db.query('SELECT count(*)::int AS n FROM offline_examples')).rows[0].n as number;
  const learnedBefore = await examples();

  github.issue(repo.repoFullName, 1).labels.push('question');
  await stack.sendWebhook('issues', labelPayload(repo, 1, 'labeled', 'question', { login: 'mallory' }, { ...CRASH, labels: github.issue(repo.repoFullName, 1).labels }));
  const noted = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length === 1);
  expect(noted.corrections[0]).toMatchObject({ actor: 'mallory', source: 'github-unverified', before: {}, after: {} });
  expect(noted.corrections[0]!.note).toMatch(/^Unverified: On GitHub, mallory added the label "question"\. GitHub does not say mallory may triage .* \(read\), so it is not a correction and the model learns nothing from it\.$/);
  expect(noted).toMatchObject({ corrected: false, status: 'triaged', triage: { category: 'bug' } });
  expect(await examples()).toBe(learnedBefore);

  // Someone with triage permission corrects; the permission was asked once per person.
  await stack.sendWebhook('issues', labelPayload(repo, 1, 'labeled', 'question', { login: 'tess' }, { ...CRASH, labels: github.issue(repo.repoFullName, 1).labels, updatedAt: new Date(Date.now() + 5_000).toISOString() }));
  const corrected = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrected);
  expect(corrected.corrections[0]).toMatchObject({ actor: 'tess', source: 'github', after: { category: 'question' } });
  expect(corrected.triage?.category).toBe('question');
  expect(github.requestsTo('GET', new RegExp(`^/repos/${repo.repoFullName}/collaborators/(mallory|tess)/permission$`))).toHaveLength(2);
}, 90_000);

test('a confident p0 waits for a person; with review.autoApprove: [p0] it is written', async () => {
  openai.setChatAnswer({ category: 'bug', priority: 'p0', labels: [], confidence: 0.99, rationale: 'Data loss on every save.', duplicateOf: null });
  const held = newRepo('p0-held', github);
  const auto = newRepo('p0-auto', github);
  github.setFile(held.repoFullName, '.github/triageflow.yml', LIVE);
  github.setFile(auto.repoFullName, '.github/triageflow.yml', `${LIVE}review: { autoApprove: [p0] }\n`);
  for (const repo of [held, auto]) {
    github.issue(repo.repoFullName, 1, CRASH);
    await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  }
  const waiting = await eventually(() => githubView(stack, held, 1), (v) => v?.writeBack?.status === 'awaiting-review', 'the p0 held');
  expect(waiting.writeBack.reason).toMatch(/would add the priority label "priority: p0" \(p0\), which a person approves first whatever the model's confidence/);
  expect(github.issue(held.repoFullName, 1).labels).toEqual([]);
  const queue = (await (await fetch(`${stack.baseUrl}/api/review-queue?repo=${held.repoFullName}`, { headers: stack.authHeaders })).json()) as { items: { number: number }[] };
  expect(queue.items.map((i) => i.number)).toEqual([1]);

  const written = await eventually(() => githubView(stack, auto, 1), (v) => v?.writeBack?.status === 'written', 'the auto-approved p0');
  expect(written.writeBack.labelsAdded).toContain('priority: p0');

  // A person's approval writes it.
  const approve = await fetch(`${stack.baseUrl}/api/issues/${held.repoFullName}/1/approve`, { method: 'POST', headers: { ...stack.authHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ actor: 'lead' }) });
  expect(approve.status).toBe(202);
  await eventually(() => githubView(stack, held, 1), (v) => v?.writeBack?.status === 'written', 'the approved p0');
  expect(github.issue(held.repoFullName, 1).labels).toContain('priority: p0');
}, 90_000);

test('at the review timeout with onTimeout: write, a p0 is still not written unreviewed', async () => {
  openai.setChatAnswer({ category: 'bug', priority: 'p0', labels: [], confidence: 0.99, rationale: 'Data loss on every save.', duplicateOf: null });
  const repo = newRepo('p0-timeout', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', `${LIVE}review: { timeout: 2s, onTimeout: write }\n`);
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  const skipped = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'skipped', 'the timed-out p0', 30_000);
  expect(skipped.writeBack.reason).toMatch(/before review.timeout, and what it would write is never written unreviewed/);
  expect(github.issue(repo.repoFullName, 1).labels).toEqual([]);
}, 60_000);
