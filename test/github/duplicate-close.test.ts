import { startStack, type Stack } from '../support/stack';
import { FAKE_BOT_LOGIN, startFakeGithub, type FakeGithub } from '../support/fake-github';
import { DUPLICATE_MARKER } from '../../src/github/label-plan';
import { commentPayload, eventually, githubView, newRepo, openedPayload, type TestRepo } from './support';

// Close-as-duplicate against the fake GitHub through the whole stack: the notice, the workflow's timer,
// the objections (👎 by the author or a triager, the author's comment, a correction), a reopen, dry run.

let stack: Stack;
let github: FakeGithub;

const CRASH = { title: 'App crashes with a segmentation fault on start', body: 'Steps: open the app. Expected: it starts. Actual: segfault and a stack trace.' };
const AFTER_S = 4;
const LIVE = `dryRun: false\nconfidenceThreshold: 0\nreview: { autoApprove: [p0, duplicateComment] }\nduplicates:\n  close: { after: ${AFTER_S}s }\n`;

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
const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const view = (repo: TestRepo, number: number) => githubView(stack, repo, number);
const countdown = (repo: TestRepo, number: number, status: string, timeoutMs = 30_000) =>
  eventually(() => view(repo, number), (v) => v?.duplicateClose?.status === status, `countdown "${status}" of #${number}`, timeoutMs);
const closes = (repo: TestRepo, number: number) =>
  github.requestsTo('PATCH', new RegExp(`^/repos/${repo.repoFullName}/issues/${number}$`)).filter((r) => r.body?.state === 'closed');

/** Opens the original (#1) once, then a copy of it by `author`, and waits for the copy's notice. */
async function copy(repo: TestRepo, number: number, author: string) {
  if (!github.state.repo(repo.repoFullName).issues.has(1)) {
    github.issue(repo.repoFullName, 1, CRASH);
    await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
    await eventually(() => view(repo, 1), (v) => ['written', 'dry-run'].includes(v?.writeBack?.status), 'the original written');
  }
  github.issue(repo.repoFullName, number, { ...CRASH, user: author });
  await stack.sendWebhook('issues', openedPayload(repo, number, CRASH.title, CRASH.body, { author }));
}

test('an exact copy is commented, closed as a duplicate after the window, and a reopen keeps it open for good', async () => {
  const repo = repoWith('closes', LIVE);
  await copy(repo, 2, 'zed');
  const pending = await countdown(repo, 2, 'pending');
  expect(pending.duplicateClose).toMatchObject({ duplicateOf: 1, commentId: expect.any(Number), deadline: expect.any(String) });
  const notice = github.issue(repo.repoFullName, 2).comments;
  expect(notice).toHaveLength(1);
  expect(notice[0]!.body).toMatch(new RegExp(`close this issue as a duplicate of #1 in ${AFTER_S} seconds \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\) unless someone objects.*👎.*remove the \`duplicate\` label`, 's'));
  expect(notice[0]!.body).toContain(DUPLICATE_MARKER);
  expect(closes(repo, 2)).toEqual([]);

  const closed = await countdown(repo, 2, 'closed', 30_000);
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(pending.duplicateClose.deadline));
  expect(github.issue(repo.repoFullName, 2)).toMatchObject({ state: 'closed', stateReason: 'duplicate', duplicateOf: 1 });
  expect(closes(repo, 2).map((r) => r.body)).toEqual([{ state: 'closed', state_reason: 'duplicate', duplicate_of: 1 }]);
  expect(closed.ledger.find((e: any) => e.kind === 'state')).toMatchObject({ value: 'closed:duplicate', action: 'added', byTriageflow: true, cause: 'duplicate-deadline' });

  // GitHub tells of the close; then a person reopens it: a correction, and never closed again.
  const issue = () => github.issue(repo.repoFullName, 2);
  await stack.sendWebhook('issues', { ...openedPayload(repo, 2, CRASH.title, CRASH.body, { action: 'closed', author: 'zed', labels: issue().labels, updatedAt: later(1) }), sender: { login: FAKE_BOT_LOGIN, id: 3, type: 'User' } });
  await stack.waitForIssue(repo.repoFullName, 2, (i) => i.status === 'closed');
  issue().state = 'open';
  await stack.sendWebhook('issues', { ...openedPayload(repo, 2, CRASH.title, CRASH.body, { action: 'reopened', author: 'zed', labels: issue().labels, updatedAt: later(2) }), sender: { login: 'ann', id: 9, type: 'User' } });
  const reopened = await stack.waitForIssue(repo.repoFullName, 2, (i) => i.corrections.length === 1);
  expect(reopened.corrections[0]).toMatchObject({ actor: 'ann', source: 'github', after: { duplicateOf: null } });
  expect(reopened.triage?.duplicateOf).toBeNull();
  const after = await countdown(repo, 2, 'reopened');
  expect(after.duplicateClose.reason).toMatch(/ann reopened the issue.*will not close it again/);
  // The duplicate label Triageflow added no longer fits and is taken off.
  await eventually(async () => issue().labels, (l) => !l.includes('duplicate'), 'the duplicate label taken off');
  await new Promise((r) => setTimeout(r, (AFTER_S + 1) * 1000));
  expect(issue().state).toBe('open');
  expect(closes(repo, 2)).toHaveLength(1);
  expect(issue().comments).toHaveLength(1);
}, 90_000);

test('a 👎 by the author or by a triager keeps the copy open; one by anyone else does not', async () => {
  // Three countdowns run at once and each 👎 must land before its deadline: a window that a loaded
  // machine (every write-back and close also checks the repository's id first) cannot overrun.
  const repo = repoWith('thumbs', LIVE.replace(`${AFTER_S}s`, '12s'));
  github.state.roles.set(`${repo.repoFullName}#tessa`.toLowerCase(), 'triage');
  github.state.roles.set(`${repo.repoFullName}#passer-by`.toLowerCase(), 'read');
  for (const [number, author] of [[2, 'zed'], [3, 'yan'], [4, 'xia']] as const) await copy(repo, number, author);
  const react = (number: number, user: string) => github.issue(repo.repoFullName, number).comments[0]!.reactions = [{ content: '-1', user }, { content: '+1', user: 'someone' }];
  await countdown(repo, 2, 'pending');
  react(2, 'zed');
  await countdown(repo, 3, 'pending');
  react(3, 'tessa');
  await countdown(repo, 4, 'pending');
  react(4, 'passer-by');

  expect((await countdown(repo, 2, 'objected')).duplicateClose.reason).toBe('zed, who opened the issue, reacted 👎 to the notice.');
  expect((await countdown(repo, 3, 'objected')).duplicateClose.reason).toBe('tessa, who may triage this repository, reacted 👎 to the notice.');
  await countdown(repo, 4, 'closed');
  expect([2, 3, 4].map((n) => github.issue(repo.repoFullName, n).state)).toEqual(['open', 'open', 'closed']);
}, 90_000);

test('the author\'s comment or a correction on the dashboard objects at once; a dry run only shows what it would do', async () => {
  // A longer window: the objections below must arrive well before it ends.
  const windowS = 15;
  const repo = repoWith('comments', LIVE.replace(`${AFTER_S}s`, `${windowS}s`));
  await copy(repo, 2, 'zed');
  await copy(repo, 3, 'yan');
  await countdown(repo, 2, 'pending');
  await countdown(repo, 3, 'pending');
  // Someone else's comment is no objection; the author's is.
  await stack.sendWebhook('issue_comment', commentPayload(repo, 2, 'helpful-stranger', { ...CRASH, author: 'zed', updatedAt: later(1) }));
  const own = commentPayload(repo, 2, 'zed', { ...CRASH, author: 'zed', updatedAt: later(2) });
  github.issue(repo.repoFullName, 2).comments.push({ id: (own.comment as { id: number }).id, body: 'Not the same crash: mine is on exit.', user: 'zed', createdAt: new Date().toISOString() });
  await stack.sendWebhook('issue_comment', own);
  const objected = await countdown(repo, 2, 'objected', 3_000);
  expect(objected.duplicateClose.reason).toBe('zed, who opened the issue, commented during the countdown.');

  const res = await fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/3/corrections`, {
    method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ priority: 'p0', actor: 'dana' }),
  });
  expect(res.status).toBe(202);
  const corrected = await countdown(repo, 3, 'objected', 3_000);
  expect(corrected.duplicateClose.reason).toBe('dana corrected the triage on the dashboard.');
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(corrected.duplicateClose.deadline) - Date.now()) + 2_000));
  expect([2, 3].map((n) => github.issue(repo.repoFullName, n).state)).toEqual(['open', 'open']);

  const dry = repoWith('dry-close', `confidenceThreshold: 0\nreview: { autoApprove: [p0, duplicateComment] }\nduplicates:\n  close: { after: ${AFTER_S}s }\n`);
  await copy(dry, 2, 'zed');
  const shown = await countdown(dry, 2, 'dry-run');
  expect(shown.writeBack).toMatchObject({ status: 'dry-run', commentPosted: false, comment: expect.stringMatching(/will close this issue as a duplicate of #1/) });
  expect(github.requests.filter((r) => r.method !== 'GET' && r.path.includes(dry.repoFullName))).toEqual([]);
}, 90_000);

test('after a rename and a new repository taking the old name, the notice and the close go to the repository with the id on record', async () => {
  const repo = repoWith('moves', LIVE);
  github.issue(repo.repoFullName, 1, CRASH);
  await stack.sendWebhook('issues', openedPayload(repo, 1, CRASH.title, CRASH.body));
  await eventually(() => view(repo, 1), (v) => v?.writeBack?.status === 'written', 'the original written');
  const oldName = repo.repoFullName;
  const newName = `${oldName}-v2`;
  github.state.rename(oldName, newName);
  github.state.repo(oldName);
  github.issue(oldName, 2, { title: 'Not ours', body: 'A squatter\'s issue' });
  github.issue(newName, 2, { ...CRASH, user: 'zed' });
  // The copy's delivery still carries the old name; the workflow keeps it for the deadline's close too.
  await stack.sendWebhook('issues', openedPayload(repo, 2, CRASH.title, CRASH.body, { author: 'zed' }));
  await countdown(repo, 2, 'closed');
  expect(github.issue(newName, 2)).toMatchObject({ state: 'closed', stateReason: 'duplicate', duplicateOf: 1 });
  expect(github.issue(newName, 2).comments.map((c) => c.body)).toEqual([expect.stringContaining(DUPLICATE_MARKER)]);
  expect(github.issue(oldName, 2)).toMatchObject({ state: 'open', labels: [], comments: [] });
  expect(github.requestsTo('POST', new RegExp(`^/repos/${oldName}/issues/2/`))).toEqual([]);
  expect(closes(repo, 2)).toEqual([]);
});
