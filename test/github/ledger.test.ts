import { startStack, type Stack } from '../support/stack';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { eventually, githubView, labelPayload, newRepo, openedPayload, type TestRepo } from './support';

// The ledger through the whole stack against the fake GitHub: after a correction Triageflow takes off
// the labels its triage put on and no longer wants, and never one a person added or put back.

let stack: Stack;
let github: FakeGithub;

const CRASH = { title: 'App crashes with a segmentation fault on start', body: 'Steps: open the app. Expected: it starts. Actual: segfault and a stack trace.' };

beforeAll(async () => {
  github = await startFakeGithub();
  stack = await startStack({ env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
});
afterAll(async () => {
  await stack?.stop();
  await github?.close();
});

const repoWith = (name: string, file: string): TestRepo => {
  const repo = newRepo(name, github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', file);
  return repo;
};
const correct = (repo: TestRepo, number: number, body: object) => fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/${number}/corrections`, {
  method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
}).then(async (r) => ({ status: r.status, body: (await r.json()) as { correctionId: string } }));
const afterUpdate = (view: any) => (v: any) => v?.writeBack?.updatedAt !== view.writeBack.updatedAt && v.writeBack.status !== 'awaiting-review';
const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();

test('a correction takes off the label the triage added and puts on the new one; a person\'s labels stay', async () => {
  const repo = repoWith('correct-live', 'dryRun: false\nconfidenceThreshold: 0\n');
  github.issue(repo.repoFullName, 1, { ...CRASH, labels: ['needs-repro'] });
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body, { labels: ['needs-repro'] }));
  const first = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the first write-back');
  expect(first.writeBack.labelsAdded).toContain('bug');
  const labels = () => github.issue(repo.repoFullName, 1).labels;
  const priorityLabels = first.writeBack.labelsAdded.filter((l: string) => l !== 'bug');

  const correction = await correct(repo, 1, { category: 'feature', actor: 'dana' });
  expect(correction.status).toBe(202);
  const second = await eventually(() => githubView(stack, repo, 1), afterUpdate(first), 'the write-back after the correction');
  expect(second.writeBack).toMatchObject({ status: 'written', labelsAdded: ['enhancement'], labelsRemoved: ['bug'] });
  expect(labels()).toEqual(['needs-repro', ...priorityLabels, 'enhancement']);
  expect(github.requestsTo('DELETE', new RegExp(`^/repos/${repo.repoFullName}/issues/1/labels/`)).map((r) => decodeURIComponent(r.path.split('/').pop()!))).toEqual(['bug']);

  // The ledger names each write's cause: the classification's delivery, then the correction.
  const ours = second.ledger.filter((e: any) => e.byTriageflow && e.kind === 'label');
  expect(ours.map((e: any) => [e.action, e.value, e.cause])).toEqual([
    ...first.writeBack.labelsAdded.map((l: string) => ['added', l, 'classification']),
    ['added', 'enhancement', 'correction'], ['removed', 'bug', 'correction'],
  ]);
  expect(ours.at(-1)).toMatchObject({ causeRef: correction.body.correctionId, feature: 'triage', triage: { category: 'feature' }, dryRun: false });

  // A person takes "enhancement" off and puts it back: it is theirs now, and stays through the next correction.
  github.issue(repo.repoFullName, 1).labels = labels().filter((l) => l !== 'enhancement');
  await stack.sendWebhook('issues', labelPayload(repo, 1, 'unlabeled', 'enhancement', { login: 'erin' }, { ...CRASH, labels: labels(), updatedAt: later(5) }));
  github.issue(repo.repoFullName, 1).labels.push('enhancement');
  await stack.sendWebhook('issues', labelPayload(repo, 1, 'labeled', 'enhancement', { login: 'erin' }, { ...CRASH, labels: labels(), updatedAt: later(10) }));
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length === 3);
  const third = await eventually(() => githubView(stack, repo, 1), (v) => v?.ledger?.filter((e: any) => e.actor === 'erin').length === 2, 'the person\'s edits in the ledger');
  expect(await correct(repo, 1, { category: 'bug', actor: 'dana' }).then((r) => r.status)).toBe(202);
  const fourth = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.labelsAdded?.includes('bug') && v.writeBack.updatedAt !== third.writeBack.updatedAt, 'the write-back back to bug');
  expect(fourth.writeBack.labelsRemoved).toEqual([]);
  expect(labels()).toEqual(['needs-repro', ...priorityLabels, 'enhancement', 'bug']);
});

test('a dry run shows the removals a live run would make, and writes nothing', async () => {
  const repo = repoWith('correct-dry', 'confidenceThreshold: 0\n');
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  const first = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'dry-run', 'the dry run');
  expect(first.writeBack.labelsAdded).toContain('bug');
  expect(await correct(repo, 1, { category: 'question', actor: 'dana' }).then((r) => r.status)).toBe(202);
  const second = await eventually(() => githubView(stack, repo, 1), afterUpdate(first), 'the dry run after the correction');
  expect(second.writeBack).toMatchObject({ status: 'dry-run', labelsAdded: ['question'], labelsRemoved: ['bug'] });
  expect(second.ledger.every((e: any) => e.dryRun)).toBe(true);
  expect(github.requests.filter((r) => r.method !== 'GET' && r.path.includes(repo.repoFullName))).toEqual([]);
  expect(github.issue(repo.repoFullName, 1).labels).toEqual([]);
});
