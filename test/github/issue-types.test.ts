import { startStack, type Stack } from '../support/stack';
import { FAKE_BOT_LOGIN, startFakeGithub, type FakeGithub } from '../support/fake-github';
import { delivery, eventually, githubView, newRepo, openedPayload, typePayload, type TestRepo } from './support';

// Issue types against the fake GitHub through the whole stack: set once when the issue has none, a
// person's type never changed and taken as a correction, and the refusals of owners without types.

let stack: Stack;
let github: FakeGithub;

const CRASH = { title: 'App crashes with a segmentation fault on start', body: 'Steps: open the app. Expected: it starts. Actual: segfault and a stack trace.' };
const TYPES = 'mapping:\n  type: { bug: Bug, feature: Feature, question: null, documentation: null, other: null }\n';
const LIVE = `dryRun: false\nconfidenceThreshold: 0\n${TYPES}`;

beforeAll(async () => {
  github = await startFakeGithub();
  stack = await startStack({ env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
});
afterAll(async () => {
  await stack?.stop();
  await github?.close();
});

/** A repository of an organization with the usual issue types (or of a user account, without). */
const orgRepo = (name: string, file: string, types: string[] | null = ['Bug', 'Feature', 'Task']): TestRepo => {
  const repo = newRepo(name, github);
  if (types) github.state.issueTypes.set(repo.repoFullName.split('/')[0]!, types);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', file);
  return repo;
};
const typePatches = (repo: TestRepo, number: number) =>
  github.requestsTo('PATCH', new RegExp(`^/repos/${repo.repoFullName}/issues/${number}$`)).filter((r) => r.body && 'type' in r.body);
const correct = (repo: TestRepo, number: number, body: object) => fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/${number}/corrections`, {
  method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const changed = (before: any) => (v: any) => v?.writeBack && v.writeBack.updatedAt !== before.writeBack.updatedAt;

test('a triaged bug gets the type Bug once; a person\'s type is never changed and is a correction', async () => {
  const repo = orgRepo('typed', LIVE);
  const issue = () => github.issue(repo.repoFullName, 1);
  github.issue(repo.repoFullName, 1, CRASH);
  const opened = delivery();
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body, { type: null }), { deliveryId: opened });
  const first = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the write-back');
  expect(first.writeBack.issueType).toMatchObject({ wanted: 'Bug', before: null, after: 'Bug', outcome: 'set' });
  expect(issue().type).toBe('Bug');
  expect(typePatches(repo, 1).map((r) => r.body.type)).toEqual(['Bug']);

  // A redelivery, Triageflow's own `typed` event and an edit the model reads the same way set nothing again.
  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body, { type: null }), { deliveryId: opened })).body.duplicate).toBe(true);
  await stack.sendWebhook('issues', typePayload(repo, 1, 'typed', 'Bug', { login: FAKE_BOT_LOGIN }, { ...CRASH, labels: issue().labels, updatedAt: later(1) }));
  await stack.sendWebhook('issues', openedPayload(repo, 1, `${CRASH.title}!`, CRASH.body, { action: 'edited', type: 'Bug', labels: issue().labels, updatedAt: later(2) }));
  const edited = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);
  expect(edited.corrections).toEqual([]);
  await eventually(() => githubView(stack, repo, 1), changed(first), 'the write-back after the edit');
  expect(typePatches(repo, 1)).toHaveLength(1);

  // A person changes the type: a correction by them; the labels follow, the type is theirs.
  issue().type = 'Feature';
  await stack.sendWebhook('issues', typePayload(repo, 1, 'typed', 'Feature', { login: 'pat' }, { ...CRASH, labels: issue().labels, updatedAt: later(5) }));
  const corrected = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrections.length === 1 && i.status === 'corrected');
  expect(corrected.corrections[0]).toMatchObject({ actor: 'pat', source: 'github', after: { category: 'feature' } });
  await eventually(async () => issue().labels, (l) => l.includes('enhancement') && !l.includes('bug'), 'the labels of a feature');

  // A later correction on the dashboard moves the labels, never the person's type.
  const before = await githubView(stack, repo, 1);
  expect((await correct(repo, 1, { category: 'bug', actor: 'dana' })).status).toBe(202);
  const after = await eventually(() => githubView(stack, repo, 1), changed(before), 'the write-back after the correction');
  expect(after.writeBack.issueType).toMatchObject({ before: 'Feature', after: 'Feature', outcome: 'kept', reason: expect.stringMatching(/set by a person/) });
  expect(issue().type).toBe('Feature');
  expect(typePatches(repo, 1)).toHaveLength(1);
  expect(after.ledger.filter((e: any) => e.kind === 'type').map((e: any) => [e.value, e.action, e.byTriageflow ? 'triageflow' : e.actor])).toEqual([['Bug', 'added', 'triageflow'], ['Feature', 'added', 'pat']]);
});

test('Triageflow\'s own type follows a correction; a type the issue arrived with is the author\'s', async () => {
  const repo = orgRepo('follows', LIVE);
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body, { type: null }));
  const first = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the write-back');
  expect((await correct(repo, 1, { category: 'feature', actor: 'dana' })).status).toBe(202);
  const second = await eventually(() => githubView(stack, repo, 1), changed(first), 'the write-back after the correction');
  expect(second.writeBack.issueType).toMatchObject({ before: 'Bug', after: 'Feature', outcome: 'replaced' });
  expect(github.issue(repo.repoFullName, 1).type).toBe('Feature');

  // An issue form set "Task" when the author opened it: their answer, never changed.
  github.issue(repo.repoFullName, 2, { ...CRASH, type: 'Task', user: 'ola' });
  await stack.sendWebhook('issues', openedPayload(repo, 2, CRASH.title, CRASH.body, { type: 'Task', author: 'ola' }));
  const templated = await stack.waitForIssue(repo.repoFullName, 2, (i) => i.corrections.length === 1);
  expect(templated.corrections[0]).toMatchObject({ actor: 'ola', source: 'github', note: expect.stringMatching(/opened the issue with the type "Task"/) });
  const view = await eventually(() => githubView(stack, repo, 2), (v) => v?.writeBack?.issueType?.outcome === 'kept', 'the type kept');
  expect(view.writeBack.status).not.toBe('failed');
  expect(typePatches(repo, 2)).toEqual([]);
  expect(github.issue(repo.repoFullName, 2).type).toBe('Task');
});

test('an owner without issue types, or a token without the permission, fails the type with the reason; the labels still go', async () => {
  const user = orgRepo('no-types', LIVE, null);
  github.issue(user.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(user, 1, CRASH.title, CRASH.body));
  const none = await eventually(() => githubView(stack, user, 1), (v) => v?.writeBack?.status === 'failed', 'the failed type');
  expect(none.writeBack.reason).toMatch(/refused to set the issue type "Bug" \(422.*has no issue types.*mapping\.type.*labels were written/);
  expect(github.issue(user.repoFullName, 1).labels).toEqual(none.writeBack.labelsAdded);
  expect(none.writeBack.labelsAdded).toContain('bug');

  const missing = orgRepo('wrong-type', LIVE, ['Defect', 'Task']);
  github.issue(missing.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(missing, 1, CRASH.title, CRASH.body));
  const wrong = await eventually(() => githubView(stack, missing, 1), (v) => v?.writeBack?.status === 'failed', 'the unknown type');
  expect(wrong.writeBack.reason).toMatch(/has the types "Defect", "Task", not "Bug"/);

  const forbidden = orgRepo('forbidden-type', LIVE);
  github.state.typesForbidden.add(forbidden.repoFullName.toLowerCase());
  github.issue(forbidden.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(forbidden, 1, CRASH.title, CRASH.body));
  const refused = await eventually(() => githubView(stack, forbidden, 1), (v) => v?.writeBack?.status === 'failed', 'the refused type');
  expect(refused.writeBack.reason).toMatch(/\(403: Resource not accessible by integration.*\).*Issues: read and write/);
  expect(github.issue(forbidden.repoFullName, 1).labels).toEqual(refused.writeBack.labelsAdded);
  expect(github.issue(forbidden.repoFullName, 1).type).toBeUndefined();
});

test('a dry run shows the type it would set and sets none', async () => {
  const repo = orgRepo('dry-types', `confidenceThreshold: 0\n${TYPES}`);
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body, { type: null }));
  const view = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'dry-run', 'the dry run');
  expect(view.writeBack.issueType).toMatchObject({ wanted: 'Bug', after: 'Bug', outcome: 'set' });
  expect(github.requests.filter((r) => r.method !== 'GET' && r.path.includes(repo.repoFullName))).toEqual([]);
});
