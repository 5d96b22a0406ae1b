import { startStack, type Stack } from '../support/stack';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { eventually, githubView, newRepo, openedPayload, startInProcessWorker } from './support';

// Write-back follows the repository's id, not its name: after a rename, and after another repository
// takes the old name, the labels still go to the repository the issue belongs to.

let stack: Stack;
let github: FakeGithub;
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

const LIVE = 'dryRun: false\nconfidenceThreshold: 0\n';
const CRASH = { title: 'App crashes with a segmentation fault on start', body: 'Steps: open the app. Expected: it starts. Actual: segfault and a stack trace.' };

beforeAll(async () => {
  github = await startFakeGithub();
  stack = await startStack({ worker: false, env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
  worker = await startInProcessWorker(stack);
});
afterAll(async () => {
  await worker?.close();
  await stack?.stop();
  await github?.close();
});

const labelPosts = (fullName: string, number: number) => github.requestsTo('POST', new RegExp(`^/repos/${fullName}/issues/${number}/labels$`));

test('after a rename and a new repository taking the old name, write-back goes to the repository with the id on record', async () => {
  const repo = newRepo('renamed', github);
  const oldName = repo.repoFullName;
  const newName = `${oldName}-v2`;
  github.setFile(oldName, '.github/triageflow.yml', LIVE);
  github.issue(oldName, 1, CRASH);
  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body))).status).toBe(202);
  await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'the first write-back');
  expect(labelPosts(oldName, 1)).toHaveLength(1);

  // The repository is renamed, and someone creates a repository with the old name and an issue #2 there.
  github.state.rename(oldName, newName);
  github.state.repo(oldName);
  github.issue(oldName, 2, { title: 'Not ours', body: 'A squatter\'s issue' });
  github.issue(newName, 2, CRASH);

  // A delivery still carrying the old name (sent before GitHub knew of the rename, or the workflow's name):
  // the check by id finds the repository under its new name.
  const stale = { ...repo, repoFullName: oldName };
  expect((await stack.sendWebhook('issues', openedPayload(stale, 2, CRASH.title, `${CRASH.body} Also on save.`))).status).toBe(202);
  await eventually(async () => github.issue(newName, 2).labels, (labels) => labels.length > 0, 'labels on the renamed repository\'s issue');
  expect(labelPosts(oldName, 2)).toHaveLength(0);
  expect(github.issue(oldName, 2).labels).toEqual([]);
  expect(github.requestsTo('GET', new RegExp(`^/repositories/${repo.repoId}$`)).length).toBeGreaterThan(0);
});

test('a repository GitHub no longer shows by its id is not written to: the write-back fails with the reason', async () => {
  const repo = newRepo('gone', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', LIVE);
  // The name on record now belongs to another repository, and the id is nowhere.
  github.state.withId(repo.repoFullName, repo.repoId + 1);
  github.issue(repo.repoFullName, 1, CRASH);
  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body))).status).toBe(202);
  const view = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'failed', 'a failed write-back');
  expect(view.writeBack.reason).toMatch(new RegExp(`is now another repository than the one Triageflow triaged \\(id ${repo.repoId}\\).*Nothing was written`));
  expect(labelPosts(repo.repoFullName, 1)).toHaveLength(0);
});
