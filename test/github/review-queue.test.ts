import { startStack, type Stack } from '../support/stack';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { eventually, githubView, newRepo, openedPayload, type TestRepo } from './support';

// The confidence gate and the repository config file, against a fake GitHub through the whole stack.

let stack: Stack;
let github: FakeGithub;

const BUG = { title: 'Crash when saving a file', body: 'The app crashes with an exception when I save. Stack trace attached.' };

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
const open = async (repo: TestRepo, number: number) => {
  github.issue(repo.repoFullName, number, BUG);
  expect((await stack.sendWebhook('issues', openedPayload(repo, number, BUG.title, BUG.body))).status).toBe(202);
};
const status = (repo: TestRepo, number: number, wanted: string, timeoutMs?: number) =>
  eventually(() => githubView(stack, repo, number), (v) => v?.writeBack?.status === wanted, `write-back "${wanted}" of #${number}`, timeoutMs);
const post = (path: string, body: object) => fetch(`${stack.baseUrl}${path}`, {
  method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const queue = async (repo: TestRepo) => ((await (await fetch(`${stack.baseUrl}/api/review-queue?repo=${repo.repoFullName}`, { headers: stack.authHeaders })).json()) as { items: { number: number }[] }).items.map((i) => i.number);

test('below the threshold an issue waits on the review queue; an approval or a correction releases it', async () => {
  const repo = repoWith('gate', 'dryRun: false\nconfidenceThreshold: 1\nreview: { timeout: 1h, onTimeout: skip }\n');
  await open(repo, 1);
  await open(repo, 2);
  const held = await status(repo, 1, 'awaiting-review');
  await status(repo, 2, 'awaiting-review');
  expect(held.writeBack.reason).toMatch(/below the repository's threshold 1: waiting for a person/);
  expect(held.writeBack.reviewDeadline).not.toBeNull();
  expect((await queue(repo)).sort()).toEqual([1, 2]);
  expect(github.issue(repo.repoFullName, 1).labels).toEqual([]);

  expect((await post(`/api/issues/${repo.repoFullName}/1/approve`, {})).status).toBe(400);
  expect((await post(`/api/issues/${repo.repoFullName}/1/approve`, { actor: 'erin' })).status).toBe(202);
  const approved = await status(repo, 1, 'written');
  expect(github.issue(repo.repoFullName, 1).labels).toEqual(approved.writeBack.labelsAdded);

  expect((await post(`/api/issues/${repo.repoFullName}/2/corrections`, { category: 'documentation', actor: 'frank' })).status).toBe(202);
  await status(repo, 2, 'written');
  expect(github.issue(repo.repoFullName, 2).labels).toContain('documentation');
  expect(await queue(repo)).toEqual([]);
  const again = await post(`/api/issues/${repo.repoFullName}/1/approve`, { actor: 'erin' });
  expect(again.status).toBe(409);
  expect(((await again.json()) as { error: string }).error).toMatch(/not waiting for review \(write-back is "written"\)/);
});

test('on timeout the gate does what review.onTimeout says', async () => {
  const write = repoWith('timeout-write', 'dryRun: false\nconfidenceThreshold: 1\nreview: { timeout: 3s, onTimeout: write }\n');
  const skip = repoWith('timeout-skip', 'dryRun: false\nconfidenceThreshold: 1\nreview: { timeout: 3s, onTimeout: skip }\n');
  await open(write, 1);
  await open(skip, 1);
  await status(write, 1, 'awaiting-review');
  const written = await status(write, 1, 'written', 20_000);
  expect(github.issue(write.repoFullName, 1).labels).toEqual(written.writeBack.labelsAdded);
  const skipped = await status(skip, 1, 'skipped', 20_000);
  expect(skipped.writeBack.reason).toMatch(/review\.onTimeout is "skip": nothing was written/);
  expect(github.issue(skip.repoFullName, 1).labels).toEqual([]);
});

test('a bad config file shows its error and the defaults apply; a push to the default branch reads it again', async () => {
  const repo = repoWith('bad-config', 'dryRun: false\nconfidenceThreshold: [0\n');
  await open(repo, 1);
  const view = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack != null, 'the write-back');
  expect(view.configError).toMatch(/\.github\/triageflow\.yml is not valid YAML at line \d+/);
  // The defaults: a dry run, nothing written.
  expect(view.writeBack.dryRun).toBe(true);
  expect(github.issue(repo.repoFullName, 1).labels).toEqual([]);

  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'dryRun: false\nconfidenceThreshold: 0\n');
  const push = (ref: string) => stack.sendWebhook('push', { ref, repository: { id: repo.repoId, full_name: repo.repoFullName, default_branch: 'main' } });
  expect((await push('refs/heads/feature')).body).toMatchObject({ ignored: true, reason: expect.stringMatching(/not the default branch/) });
  expect((await push('refs/heads/main')).body).toMatchObject({ ignored: false, reason: expect.stringMatching(/will be read again/) });
  await open(repo, 2);
  const fixed = await status(repo, 2, 'written');
  expect(fixed.configError).toBeNull();
  expect(github.issue(repo.repoFullName, 2).labels).toEqual(fixed.writeBack.labelsAdded);
});
