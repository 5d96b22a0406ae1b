import { randomUUID } from 'node:crypto';
import { issueCommentPayload, issuesPayload } from '../../src/github/sample-payload';
import { MISSING_INFO_MARKER, SECURITY_MARKER } from '../../src/assistant/comments';
import { startStack, type Stack } from '../support/stack';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { eventually, newRepo, type TestRepo } from '../github/support';

// The triage assistant's writes through the whole stack against the fake GitHub: the one comment asking
// for missing information and its label, taken off once the author supplies it; owners assigned once;
// the fixed comment on a security report; the confidence gate and dry runs respected.

let stack: Stack;
let github: FakeGithub;

const LIVE = 'dryRun: false\nconfidenceThreshold: 0\nreview: { autoApprove: [p0, duplicateComment] }\n';
const MISSING = `${LIVE}missingInfo:\n  bug: [steps, expected, actual, version]\n`;
const BARE = {
  title: '[Bug] Export crashes with TypeError',
  body: 'Exporting a drawing crashes the app with a TypeError instead of saving the file. I expected the PNG to be saved.',
};
const COMPLETE = {
  title: '[Bug] Export crashes with TypeError',
  body: [
    '### Steps to reproduce', '1. Open a drawing', '2. Choose File > Export > PNG', '',
    '### Expected behavior', 'The PNG is saved.', '', '### Actual behavior', 'The app crashes with a TypeError.', '', '### Version', 'widget 2.4.1',
  ].join('\n'),
};

beforeAll(async () => {
  github = await startFakeGithub();
  // People the test does not name are outsiders here (the assistant asks whether an author may write).
  github.state.defaultRole = 'read';
  stack = await startStack({ env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
});
afterAll(async () => {
  await stack?.stop();
  await github?.close();
});

const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();
function send(repo: TestRepo, number: number, text: { title: string; body: string }, o: { action?: string; author?: string; updatedAt?: string; deliveryId?: string } = {}) {
  github.issue(repo.repoFullName, number, { ...text, user: o.author ?? 'reporter' });
  const payload = issuesPayload({ ...repo, number, action: o.action ?? 'opened', title: text.title, body: text.body, author: o.author ?? 'reporter', updatedAt: o.updatedAt });
  return stack.sendWebhook('issues', payload, { deliveryId: o.deliveryId });
}
function comment(repo: TestRepo, number: number, text: { title: string; body: string }, by: string, body: string) {
  const id = Math.floor(Math.random() * 1e9);
  github.issue(repo.repoFullName, number).comments.push({ id, body, user: by });
  return stack.sendWebhook('issue_comment', issueCommentPayload({ ...repo, number, title: text.title, body: text.body, author: 'reporter', commentId: id, commentBody: body, commenter: by, updatedAt: later(1) }));
}
const assistantView = async (repo: TestRepo, number: number) => (await fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/${number}/assistant`, { headers: stack.authHeaders })).json() as Promise<any>;
const ours = (repo: TestRepo, number: number, marker: string) => github.issue(repo.repoFullName, number).comments.filter((c) => c.body.includes(marker));
const labelsOf = (repo: TestRepo, number: number) => github.issue(repo.repoFullName, number).labels;

test('a bug report without steps or version gets one comment listing them and needs-info; the author\'s edit takes the label off, with no second comment', async () => {
  const repo = newRepo('missing', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', MISSING);
  const opened = randomUUID();
  await send(repo, 1, BARE, { deliveryId: opened });
  await eventually(async () => labelsOf(repo, 1), (l) => l.includes('needs-info'), 'the needs-info label');
  const [asked] = ours(repo, 1, MISSING_INFO_MARKER);
  expect(asked!.body).toMatch(/\*\*Steps to reproduce\*\*/);
  expect(asked!.body).toMatch(/\*\*Version\*\*/);
  expect(asked!.body).not.toMatch(/Expected behaviour|Actual behaviour/);
  const view = await assistantView(repo, 1);
  expect(view.missing.map((m: { item: string }) => m.item)).toEqual(['steps', 'version']);
  expect(view.missing[0].reason).toMatch(/steps to reproduce/i);

  // A redelivery, and an edit that still lacks the version: no second comment.
  await send(repo, 1, BARE, { deliveryId: opened });
  const partial = { ...BARE, body: `${BARE.body}\n\nSteps:\n1. Open a drawing\n2. Export as PNG` };
  await send(repo, 1, partial, { action: 'edited', updatedAt: later(1) });
  await eventually(() => assistantView(repo, 1), (v) => v.missing?.length === 1 && v.missing[0].item === 'version', 'the partial edit checked');
  expect(labelsOf(repo, 1)).toContain('needs-info');

  const fixed = { ...BARE, body: `${partial.body}\n\nVersion: widget 2.4.1` };
  await send(repo, 1, fixed, { action: 'edited', updatedAt: later(2) });
  await eventually(async () => labelsOf(repo, 1), (l) => !l.includes('needs-info'), 'the label taken off');
  expect(github.requestsTo('DELETE', new RegExp(`^/repos/${repo.repoFullName}/issues/1/labels/needs-info$`))).toHaveLength(1);
  expect(ours(repo, 1, MISSING_INFO_MARKER)).toHaveLength(1);
  expect(github.requestsTo('POST', new RegExp(`^/repos/${repo.repoFullName}/issues/1/comments$`))).toHaveLength(1);
  expect(await assistantView(repo, 1)).toMatchObject({ missing: [], infoResolvedAt: expect.any(String) });
});

test('a complete report gets nothing; an author who can write and a triage a person made are never asked', async () => {
  const repo = newRepo('complete', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', MISSING);
  await send(repo, 1, COMPLETE);
  await eventually(() => assistantView(repo, 1), (v) => Array.isArray(v.missing), 'the check recorded');
  expect((await assistantView(repo, 1)).missing).toEqual([]);

  github.setPermission(repo.repoFullName, 'maint', 'maintain');
  await send(repo, 2, BARE, { author: 'maint' });
  const skipped = await eventually(() => assistantView(repo, 2), (v) => typeof v.infoSkipped === 'string', 'the skip recorded');
  expect(skipped.infoSkipped).toBe('The author (maint) can write to the repository.');

  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  const res = await fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/1/corrections`, { method: 'POST', headers: { ...stack.authHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ category: 'bug', actor: 'dana' }) });
  expect(res.status).toBe(202);
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.corrected);
  await send(repo, 1, BARE, { action: 'edited', updatedAt: later(1) });
  const corrected = await eventually(() => assistantView(repo, 1), (v) => typeof v.infoSkipped === 'string', 'the corrected issue checked');
  expect(corrected.infoSkipped).toBe('A person has already triaged this issue.');
  for (const n of [1, 2]) {
    expect(ours(repo, n, MISSING_INFO_MARKER)).toEqual([]);
    expect(labelsOf(repo, n)).not.toContain('needs-info');
  }
});

test('the author\'s comment with what was missing takes the label off; another person\'s does not', async () => {
  const repo = newRepo('comment', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', MISSING);
  await send(repo, 1, BARE);
  await eventually(async () => labelsOf(repo, 1), (l) => l.includes('needs-info'), 'the needs-info label');
  await comment(repo, 1, BARE, 'bystander', 'Same here. Steps: 1. open 2. export. Version 2.4.1');
  await comment(repo, 1, BARE, 'reporter', 'Sorry! Version: 2.4.1');
  await eventually(() => assistantView(repo, 1), (v) => v.missing?.length === 1, 'the first answer checked');
  expect(labelsOf(repo, 1)).toContain('needs-info');
  await comment(repo, 1, BARE, 'reporter', 'Steps:\n1. Open a drawing\n2. Choose File > Export > PNG');
  await eventually(async () => labelsOf(repo, 1), (l) => !l.includes('needs-info'), `the label taken off (${JSON.stringify(await assistantView(repo, 1))})`);
  expect(ours(repo, 1, MISSING_INFO_MARKER)).toHaveLength(1);
});

test('an issue mentioning a path under an owned directory is assigned to that owner once; an assigned issue keeps its assignee', async () => {
  const repo = newRepo('owners', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', `${LIVE}owners:\n  - match: {keywords: [tokenizer]}\n    team: text\n  - match: {paths: [src/parser/]}\n    assign: [ana, ben]\n    balance: true\n    team: parsing\n`);
  // ben already has two open issues assigned: balancing picks ana.
  for (const n of [90, 91]) {
    github.issue(repo.repoFullName, n, { title: 'old', body: '' });
    github.state.assignees.set(`${repo.repoFullName.toLowerCase()}#${n}`, ['ben']);
  }
  const text = { title: 'Crash in the lexer', body: 'It throws in src/parser/lexer.ts:88 when the input ends with a backslash.' };
  const opened = randomUUID();
  await send(repo, 1, text, { deliveryId: opened });
  await eventually(async () => github.assignees(repo.repoFullName, 1), (a) => a.length > 0, 'the owner assigned');
  expect(github.assignees(repo.repoFullName, 1)).toEqual(['ana']);
  expect(await assistantView(repo, 1)).toMatchObject({ owner: { team: 'parsing', logins: ['ana', 'ben'], matchedBy: 'path src/parser/lexer.ts' }, assigned: ['ana'] });
  await send(repo, 1, text, { deliveryId: opened });
  await send(repo, 1, { ...text, body: `${text.body} Also in src/parser/tokens.ts.` }, { action: 'edited', updatedAt: later(1) });
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);
  await new Promise((r) => setTimeout(r, 1500));
  expect(github.requestsTo('POST', new RegExp(`^/repos/${repo.repoFullName}/issues/1/assignees$`))).toHaveLength(1);

  github.issue(repo.repoFullName, 2, { title: 'x', body: '' });
  github.state.assignees.set(`${repo.repoFullName.toLowerCase()}#2`, ['carol']);
  await send(repo, 2, { title: 'Parser hangs', body: 'Stuck in src/parser/grammar.ts forever.' });
  const kept = await eventually(() => assistantView(repo, 2), (v) => typeof v.assignSkipped === 'string', 'the skip recorded');
  expect(kept.assignSkipped).toBe('Already assigned to carol.');
  expect(github.assignees(repo.repoFullName, 2)).toEqual(['carol']);

  // The dashboard filters by owner: a team or a login.
  const byTeam = await (await fetch(`${stack.baseUrl}/api/issues?owner=parsing&repo=${repo.repoFullName}`, { headers: stack.authHeaders })).json() as { items: { number: number }[] };
  expect(byTeam.items.map((i) => i.number).sort()).toEqual([1, 2]);
  const byLogin = await (await fetch(`${stack.baseUrl}/api/issues?owner=ANA&repo=${repo.repoFullName}`, { headers: stack.authHeaders })).json() as { items: { number: number }[] };
  expect(byLogin.items.map((i) => i.number).sort()).toEqual([1, 2]);
  expect(await (await fetch(`${stack.baseUrl}/api/owners?repo=${repo.repoFullName}`, { headers: stack.authHeaders })).json()).toEqual({ teams: ['parsing'], logins: ['ana', 'ben'] });
});

test('a person\'s assignment change is recorded and respected', async () => {
  const repo = newRepo('respect', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', `${LIVE}owners:\n  - match: {keywords: [lexer]}\n    assign: [ana]\n`);
  const text = { title: 'Lexer drops quotes', body: 'The lexer drops closing quotes.' };
  await send(repo, 1, text);
  await eventually(async () => github.assignees(repo.repoFullName, 1), (a) => a.includes('ana'), 'ana assigned');
  github.state.assignees.set(`${repo.repoFullName.toLowerCase()}#1`, []);
  const unassigned = { ...issuesPayload({ ...repo, number: 1, action: 'unassigned', title: text.title, body: text.body, author: 'reporter', updatedAt: later(1) }), assignee: { login: 'ana' }, sender: { login: 'maya', id: 9, type: 'User' } };
  await stack.sendWebhook('issues', unassigned);
  const recorded = await eventually(() => assistantView(repo, 1), (v) => v.assignmentChanges.length === 1, 'the change recorded');
  expect(recorded.assignmentChanges[0]).toMatchObject({ actor: 'maya', action: 'unassigned', assignee: 'ana' });
  await send(repo, 1, { ...text, body: `${text.body} Happens in the lexer too.` }, { action: 'edited', updatedAt: later(2) });
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);
  await new Promise((r) => setTimeout(r, 1500));
  expect(github.assignees(repo.repoFullName, 1)).toEqual([]);
  expect(github.requestsTo('POST', new RegExp(`^/repos/${repo.repoFullName}/issues/1/assignees$`))).toHaveLength(1);
});

test('a security report gets the fixed comment only, once, and none of its words', async () => {
  const repo = newRepo('sec-comment', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', `${MISSING}duplicateComment: "Duplicate of #{{duplicateOf}}."\nsecurity:\n  comment: true\n`);
  const text = { title: 'SQL injection in the search endpoint dumps every user', body: "Proof of concept: `GET /api/search?q=' OR '1'='1' --` returns all rows of users with their password hashes." };
  await send(repo, 1, text);
  await eventually(async () => ours(repo, 1, SECURITY_MARKER), (c) => c.length === 1, 'the security comment');
  await send(repo, 1, { ...text, body: `${text.body} Also UNION SELECT works.` }, { action: 'edited', updatedAt: later(1) });
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.classifications.length === 2);
  await new Promise((r) => setTimeout(r, 1500));
  const comments = github.issue(repo.repoFullName, 1).comments;
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain(`https://github.com/${repo.repoFullName}/security/advisories/new`);
  const words = new Set(`${text.title} ${text.body}`.toLowerCase().match(/[a-z]{4,}/g));
  const used = (comments[0]!.body.toLowerCase().replace(/https?:\/\/\S+/g, '').match(/[a-z]{4,}/g) ?? []).filter((w) => words.has(w));
  expect(used).toEqual([]);
  expect(labelsOf(repo, 1)).toEqual(expect.arrayContaining(['security', 'priority: p0']));
  expect(labelsOf(repo, 1)).not.toContain('needs-info');
});

test('a dry run writes nothing and shows what it would do; the confidence gate holds the assistant too', async () => {
  const dry = newRepo('dry', github);
  github.setFile(dry.repoFullName, '.github/triageflow.yml', 'confidenceThreshold: 0\nmissingInfo:\n  bug: [steps, version]\n');
  await send(dry, 1, BARE);
  const view = await eventually(() => assistantView(dry, 1), (v) => typeof v.infoRequestedAt === 'string', 'the dry run recorded');
  expect(view).toMatchObject({ infoDryRun: true, missing: [{ item: 'steps' }, { item: 'version' }] });
  expect(github.requestsTo('POST', new RegExp(`^/repos/${dry.repoFullName}/`))).toEqual([]);

  const held = newRepo('held', github);
  github.setFile(held.repoFullName, '.github/triageflow.yml', 'dryRun: false\nconfidenceThreshold: 1\nmissingInfo:\n  bug: [steps, version]\n');
  await send(held, 1, BARE);
  await eventually(async () => (await (await fetch(`${stack.baseUrl}/api/issues/${held.repoFullName}/1/github`, { headers: stack.authHeaders })).json()) as any, (v) => v?.writeBack?.status === 'awaiting-review', 'held for review');
  expect(ours(held, 1, MISSING_INFO_MARKER)).toEqual([]);
  expect((await fetch(`${stack.baseUrl}/api/issues/${held.repoFullName}/1/approve`, { method: 'POST', headers: { ...stack.authHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ actor: 'dana' }) })).status).toBe(202);
  await eventually(async () => ours(held, 1, MISSING_INFO_MARKER), (c) => c.length === 1, 'the comment after approval');
});
