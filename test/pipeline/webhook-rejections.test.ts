import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { signBody } from '../../src/github/sign';
import { realPayload } from '../support/github-examples';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// Every malformed or unwanted delivery gets its own status and a message saying what to fix; none of
// them starts a workflow, and the server stays up.

let stack: Stack;
let connection: Connection;
let temporal: Client;
const repoFullName = `suite-${SUITE_REPO_ID}/rejections`;
const payload = (number = 1) => realPayload('issues', 'opened', { repoId: SUITE_REPO_ID, number, repoFullName });

beforeAll(async () => {
  stack = await startStack({ env: { GITHUB_WEBHOOK_SECRET: 'old-secret, new-secret' } });
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

async function post(headers: Record<string, string>, body: string | Buffer) {
  const res = await fetch(`${stack.baseUrl}/webhooks/github`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const signed = (event: string, body: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  'x-github-event': event,
  'x-github-delivery': randomUUID(),
  'x-hub-signature-256': signBody('new-secret', body),
  ...extra,
});

async function workflowsStarted(): Promise<number> {
  const { count } = await temporal.workflow.count(`TriageRepo = "${repoFullName}"`);
  return count;
}

test.each([
  ['x-github-event', /Missing header x-github-event/],
  ['x-github-delivery', /Missing header x-github-delivery/],
  ['x-hub-signature-256', /Missing header x-hub-signature-256/],
])('a delivery without %s is a 400', async (header, message) => {
  const body = JSON.stringify(payload());
  const headers = signed('issues', body);
  delete (headers as Record<string, string>)[header];
  const res = await post(headers, body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(message);
});

test('a wrong signature is a 401 that names the secret to check', async () => {
  const body = JSON.stringify(payload());
  const res = await post(signed('issues', body, { 'x-hub-signature-256': signBody('not-the-secret', body) }), body);
  expect(res.status).toBe(401);
  expect(res.body.error).toMatch(/GITHUB_WEBHOOK_SECRET/);
});

test('a body altered after signing is a 401', async () => {
  const body = JSON.stringify(payload());
  const res = await post(signed('issues', body), body.replace('Spelling', 'Spellink'));
  expect(res.status).toBe(401);
});

test('either of two rotated secrets is accepted', async () => {
  const body = JSON.stringify(payload(7));
  const res = await post(signed('issues', body, { 'x-hub-signature-256': signBody('old-secret', body) }), body);
  expect(res.status).toBe(202);
});

test('a form-encoded delivery is a 415 that says to switch to JSON', async () => {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload()))}`;
  const res = await post(signed('issues', body, { 'content-type': 'application/x-www-form-urlencoded' }), body);
  expect(res.status).toBe(415);
  expect(res.body.error).toMatch(/application\/json/);
});

test('a body over 25 MB is a 413', async () => {
  const body = Buffer.alloc(25 * 1024 * 1024 + 10, 0x20);
  const res = await post(signed('issues', ''), body);
  expect(res.status).toBe(413);
  expect(res.body.error).toMatch(/25 MB/);
});

test('malformed JSON with a good signature is a 400', async () => {
  const body = '{"action": "opened", "issue": ';
  const res = await post(signed('issues', body), body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(/not valid JSON/);
});

test('a payload that is not an issues event is a 400 naming the field', async () => {
  const body = JSON.stringify({ action: 'opened', repository: { id: 5, full_name: 'a/b' } });
  const res = await post(signed('issues', body), body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(/issue/);
});

test('ping is answered with 200', async () => {
  const body = JSON.stringify(realPayload('ping', undefined, { repoId: SUITE_REPO_ID, number: 1 }));
  const res = await post(signed('ping', body), body);
  expect(res.status).toBe(200);
  expect(res.body.ok).toBe(true);
});

test.each([
  ['push', { ref: 'refs/heads/main' }],
  ['issues', { ...payload(), action: 'milestoned' }],
  ['issue_comment', { ...realPayload('issue_comment', 'edited', { repoId: SUITE_REPO_ID, number: 1 }) }],
])('an unhandled %s delivery is a 202 with ignored: true', async (event, body) => {
  const text = JSON.stringify(body);
  const res = await post(signed(event, text), text);
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ ignored: true });
  expect(String(res.body.reason)).not.toHaveLength(0);
});

test('a comment on a pull request is ignored', async () => {
  const comment = realPayload('issue_comment', 'created', { repoId: SUITE_REPO_ID, number: 1, repoFullName });
  comment.issue.pull_request = { url: 'https://api.github.com/repos/x/y/pulls/1' };
  const text = JSON.stringify(comment);
  const res = await post(signed('issue_comment', text), text);
  expect(res).toMatchObject({ status: 202, body: { ignored: true } });
});

test('none of the rejected deliveries started a workflow and the server is alive', async () => {
  // Only the rotated-secret delivery (#7) was accepted; the signed payload that is not an issues event is kept, parked.
  expect(await workflowsStarted()).toBe(1);
  const health = await fetch(`${stack.baseUrl}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true, database: 'up', temporal: 'up', inbox: { pending: 0, oldestAgeSeconds: 0, parked: 1 } });
});

test('an issue with an empty title is stored as invalid with the reason, in the API and in Temporal', async () => {
  const res = await stack.sendWebhook('issues', realPayload('issues', 'opened', { repoId: SUITE_REPO_ID, number: 8, repoFullName, title: '   ' }));
  expect(res.status).toBe(202);
  const issue = await stack.waitForIssue(repoFullName, 8, (i) => i.status === 'invalid');
  expect(issue.invalidReason).toMatch(/title is empty/);
  expect(issue.triage).toBeNull();
  // The search attribute is committed with the workflow task that follows the database write.
  const handle = temporal.workflow.getHandle(res.body.workflowId);
  const deadline = Date.now() + 10_000;
  let status = (await handle.describe()).searchAttributes.TriageStatus;
  while (status?.[0] !== 'invalid' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await handle.describe()).searchAttributes.TriageStatus;
  }
  expect(status).toEqual(['invalid']);

  // Fixing the title on GitHub (an edit) triages it.
  const edited = realPayload('issues', 'edited', { repoId: SUITE_REPO_ID, number: 8, repoFullName, title: 'Typo in README: commit spelled with two t' });
  expect((await stack.sendWebhook('issues', edited)).status).toBe(202);
  const fixed = await stack.waitForIssue(repoFullName, 8, (i) => i.status === 'triaged');
  expect(fixed.invalidReason).toBeNull();
});
