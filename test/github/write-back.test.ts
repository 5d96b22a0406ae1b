import pg from 'pg';
import { startStack, type Stack } from '../support/stack';
import { FAKE_BOT_LOGIN, startFakeGithub, type FakeGithub } from '../support/fake-github';
import { DUPLICATE_MARKER } from '../../src/github/label-plan';
import { delivery, eventually, githubView, labelPayload, newRepo, openedPayload, startInProcessWorker } from './support';

// Write-back against a fake GitHub (a real HTTP server on loopback) through the whole stack: webhook,
// Temporal, ordinary activities with Octokit, PostgreSQL, the API.

let stack: Stack;
let github: FakeGithub;
let db: pg.Client;
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

const LIVE = 'dryRun: false\nconfidenceThreshold: 0\nduplicateComment: "Looks like a duplicate of #{{duplicateOf}}."\n';
const CRASH = { title: 'App crashes with a segmentation fault on start', body: 'Steps: open the app. Expected: it starts. Actual: segfault and a stack trace.' };

beforeAll(async () => {
  github = await startFakeGithub();
  stack = await startStack({ worker: false, env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
  worker = await startInProcessWorker(stack);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await worker?.close();
  await stack?.stop();
  await github?.close();
});

const labelPosts = (repo: { repoFullName: string }, number: number) => github.requestsTo('POST', new RegExp(`^/repos/${repo.repoFullName}/issues/${number}/labels$`));

test('labels are written once across a redelivery, a worker restart and a re-triage', async () => {
  const repo = newRepo('write-once', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', LIVE);
  github.issue(repo.repoFullName, 1, { ...CRASH, labels: ['needs-repro'] });
  const opened = delivery();
  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body, { labels: ['needs-repro'] }), { deliveryId: opened })).status).toBe(202);
  const first = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the first write-back');
  expect(first.writeBack.labelsAdded.length).toBeGreaterThan(0);
  const onIssue = github.issue(repo.repoFullName, 1).labels;
  // The person's label stays; the mapped ones are added after it.
  expect(onIssue).toEqual(['needs-repro', ...first.writeBack.labelsAdded]);
  expect(labelPosts(repo, 1)).toHaveLength(1);
  expect(labelPosts(repo, 1)[0]!.headers.authorization).toBe('token test-token');

  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body), { deliveryId: opened })).body.duplicate).toBe(true);
  // A new worker replays the workflow from its history (no sticky cache), then handles the next event.
  await worker.close();
  worker = await startInProcessWorker(stack);
  const later = new Date(Date.now() + 1_000).toISOString();
  await stack.sendWebhook('issues', openedPayload(repo, 1, `${CRASH.title}!`, CRASH.body, { action: 'edited', updatedAt: later }));
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);
  const second = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.updatedAt !== first.writeBack.updatedAt, 'the second write-back');
  const sameCategory = second.writeBack.status === 'up-to-date';
  // An edit the model reads the same way adds nothing; one it reads otherwise adds only the new labels.
  expect(labelPosts(repo, 1)).toHaveLength(sameCategory ? 1 : 2);
  expect(new Set(github.issue(repo.repoFullName, 1).labels).size).toBe(github.issue(repo.repoFullName, 1).labels.length);
});

test('a likely duplicate gets the duplicate label and one comment with the hidden marker', async () => {
  const repo = newRepo('duplicates', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', LIVE);
  github.issue(repo.repoFullName, 1, CRASH);
  github.issue(repo.repoFullName, 2, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the original issue written');
  const copy = openedPayload(repo, 2, CRASH.title, CRASH.body);
  const id = delivery();
  await stack.sendWebhook('issues', copy, { deliveryId: id });
  const view = await eventually(() => githubView(stack, repo, 2), (v) => v?.writeBack?.status === 'written', 'the copy written');
  expect(view.writeBack.commentPosted).toBe(true);
  expect(github.issue(repo.repoFullName, 2).labels).toContain('duplicate');
  const comments = github.issue(repo.repoFullName, 2).comments;
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain('Looks like a duplicate of #1.');
  expect(comments[0]!.body).toContain(DUPLICATE_MARKER);

  // A correction writes back again: the marker keeps it to the one comment.
  const res = await fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/2/corrections`, {
    method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ priority: 'p0', actor: 'dana' }),
  });
  expect(res.status).toBe(202);
  await eventually(async () => github.issue(repo.repoFullName, 2).labels, (l) => l.includes('priority: p0'), 'the corrected priority label');
  expect(github.issue(repo.repoFullName, 2).comments).toHaveLength(1);
});

test('dry run (the default) writes nothing and shows what would be written', async () => {
  const repo = newRepo('dry-run', github);
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  // Without a config file the defaults apply, including the confidence gate's threshold.
  const view = await eventually(() => githubView(stack, repo, 1), (v) => ['dry-run', 'awaiting-review'].includes(v?.writeBack?.status), 'the dry run');
  expect(view.writeBack.dryRun).toBe(true);
  expect(view.writeBack.labelsWanted.length).toBeGreaterThan(0);
  if (view.writeBack.status === 'dry-run') expect(view.writeBack.labelsAdded).toEqual(view.writeBack.labelsWanted);
  expect(github.requests.filter((r) => r.method !== 'GET' && r.path.includes(repo.repoFullName))).toEqual([]);
  expect(github.issue(repo.repoFullName, 1).labels).toEqual([]);
});

test('403 marks write-back failed with the reason; a 5xx is retried', async () => {
  const repo = newRepo('forbidden', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', LIVE);
  github.issue(repo.repoFullName, 1, CRASH);
  github.fail('POST', new RegExp(`^/repos/${repo.repoFullName}/issues/1/labels$`), { status: 403, message: 'Resource not accessible by integration' });
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  const view = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'failed', 'the failed write-back');
  expect(view.writeBack.reason).toMatch(/403.*Resource not accessible by integration.*Issues: read and write/);
  expect(github.issue(repo.repoFullName, 1).labels).toEqual([]);

  const flaky = newRepo('flaky', github);
  github.setFile(flaky.repoFullName, '.github/triageflow.yml', LIVE);
  github.issue(flaky.repoFullName, 1, CRASH);
  github.fail('GET', new RegExp(`^/repos/${flaky.repoFullName}/issues/1$`), { status: 502, message: 'Bad gateway' }, { status: 502, message: 'Bad gateway' }, { status: 502, message: 'Bad gateway' });
  await stack.sendWebhook('issues', openedPayload(flaky, 1, CRASH.title, CRASH.body));
  await eventually(() => githubView(stack, flaky, 1), (v) => v?.writeBack?.status === 'written', 'the write-back after 502s', 60_000);
  expect(github.requestsTo('GET', new RegExp(`^/repos/${flaky.repoFullName}/issues/1$`)).length).toBeGreaterThanOrEqual(4);
}, 90_000);

test('a person\'s label on GitHub is kept and becomes a correction; the bot\'s own label events are ignored', async () => {
  const repo = newRepo('human-labels', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', LIVE);
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  const written = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the write-back');
  const issueLabels = () => github.issue(repo.repoFullName, 1).labels;

  // Triageflow's own labeled events come back as webhooks: from its login, and from an App (type Bot).
  for (const sender of [{ login: FAKE_BOT_LOGIN }, { login: 'triageflow[bot]', type: 'Bot' }]) {
    await stack.sendWebhook('issues', labelPayload(repo, 1, 'labeled', written.writeBack.labelsAdded[0], sender, { ...CRASH, labels: issueLabels() }));
  }
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.githubLabels.length === issueLabels().length);

  github.issue(repo.repoFullName, 1).labels.push('question');
  await stack.sendWebhook('issues', labelPayload(repo, 1, 'labeled', 'question', { login: 'alice' }, { ...CRASH, labels: issueLabels() }));
  // The detail reads the issue row and its corrections in two queries: wait for both to show it.
  const corrected = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length > 0 && i.status === 'corrected');
  expect(corrected.corrections).toHaveLength(1);
  expect(corrected.corrections[0]).toMatchObject({ actor: 'alice', source: 'github', after: { category: 'question' } });
  expect(corrected.triage).toMatchObject({ category: 'question', confidence: 1 });
  expect(corrected.status).toBe('corrected');
  expect(issueLabels()).toContain('question');

  // The model's reading of a new text goes to the history; the person's category stays.
  await stack.sendWebhook('issues', openedPayload(repo, 1, 'How do I configure the theme?', 'Where is the setting for dark mode?', { action: 'edited', labels: issueLabels(), updatedAt: new Date(Date.now() + 5_000).toISOString() }));
  const edited = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);
  expect(edited.triage?.category).toBe('question');

  // Removing a managed label is a correction too, and that label is never added back. (GitHub moves
  // updated_at on every label change; an event older than the edit would be recorded as stale.)
  const removed = written.writeBack.labelsAdded[0] as string;
  github.issue(repo.repoFullName, 1).labels = issueLabels().filter((l) => l !== removed);
  await stack.sendWebhook('issues', labelPayload(repo, 1, 'unlabeled', removed, { login: 'bob' }, { ...CRASH, labels: issueLabels(), updatedAt: new Date(Date.now() + 10_000).toISOString() }));
  const after = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length === 2);
  expect(after.corrections[0]).toMatchObject({ actor: 'bob', source: 'github' });
  const view = await eventually(() => githubView(stack, repo, 1), (v) => v?.removedLabels?.includes(removed), 'the removal recorded');
  expect(view.writeBack.labelsWanted).not.toContain(removed);
  expect(issueLabels()).not.toContain(removed);
  const { rows } = await db.query('SELECT count(*)::int AS n FROM corrections c JOIN issues i ON i.id = c.issue_id WHERE i.repo_id = $1', [repo.repoId]);
  expect(rows[0].n).toBe(2);
});

test('a retried correction POST with the same Idempotency-Key records one correction', async () => {
  const repo = newRepo('idempotent', github);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  const post = (key: string) => fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/1/corrections`, {
    method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ category: 'feature', actor: 'carol' }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { correctionId: string } }));
  const [a, b] = [await post('retry-me'), await post('retry-me')];
  expect(a.status).toBe(202);
  expect(b.status).toBe(202);
  expect(b.body.correctionId).toBe(a.body.correctionId);
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length > 0);
  const c = await post('another-key');
  expect(c.body.correctionId).not.toBe(a.body.correctionId);
  const detail = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length === 2);
  expect(detail.corrections.map((x) => x.actor)).toEqual(['carol', 'carol']);
  const { rows } = await db.query('SELECT count(*)::int AS n FROM corrections WHERE correction_id = $1', [a.body.correctionId]);
  expect(rows[0].n).toBe(1);
});
