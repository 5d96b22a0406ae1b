import { Client, Connection } from '@temporalio/client';
import { stateQuery } from '../../workflows/definitions';
import { triageWorkflowId } from '../../src/domain/triage-state';
import type { IssueDetail } from '../../src/issues/view';
import { issuePayload, SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// One owner of a triage's state: what the workflow computed is what the database holds, and duplicates
// always point from the newer issue to the older, open one.

let stack: Stack;
let connection: Connection;
let temporal: Client;
const repo = `suite-${SUITE_REPO_ID}/app`;

beforeAll(async () => {
  stack = await startStack();
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
});

afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

const workflowState = (number: number) => temporal.workflow.getHandle(triageWorkflowId(SUITE_REPO_ID, number)).query(stateQuery);

async function correct(number: number, body: object): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.baseUrl}/api/issues/${repo}/${number}/corrections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.dashboardToken}` },
    body: JSON.stringify({ actor: 'maria', ...body }),
  });
  return { status: res.status, body: await res.json() };
}

/** The stored triage once the workflow has applied `n` corrections, with the workflow's own view of it. */
async function afterCorrections(number: number, n: number): Promise<{ stored: IssueDetail; workflow: Awaited<ReturnType<typeof workflowState>> }> {
  await stack.waitForIssue(repo, number, (i) => i.corrections.length >= n);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const workflow = await workflowState(number);
    if (workflow.correctionsApplied >= n) return { stored: await stack.waitForIssue(repo, number), workflow };
  }
  throw new Error(`workflow of #${number} did not apply ${n} corrections`);
}

test('a correction leaves the database and the workflow with the same triage, confidence 1', async () => {
  expect((await stack.sendWebhook('issues', issuePayload({ number: 1, title: 'App crashes on save', body: 'TypeError: x is undefined\n at save (app.js:10)' }))).status).toBe(202);
  const triaged = await stack.waitForIssue(repo, 1, (i) => i.status === 'triaged');
  expect((await correct(1, { priority: triaged.triage!.priority === 'p0' ? 'p1' : 'p0' })).status).toBe(202);
  const { stored, workflow } = await afterCorrections(1, 1);
  expect(stored.triage).toEqual(workflow.triage);
  expect(stored.triage).toMatchObject({ category: triaged.triage!.category, confidence: 1 });
  expect(stored.status).toBe(workflow.status);

  // An edit is classified again; the person's answer stays, in the database as in the workflow.
  expect((await stack.sendWebhook('issues', issuePayload({ number: 1, action: 'edited', title: 'App crashes on save (Windows)', body: 'Still crashes', updatedAt: '2030-01-01T00:00:00Z' }))).status).toBe(202);
  const edited = await stack.waitForIssue(repo, 1, (i) => i.classifications.length >= 2);
  expect(edited.triage).toEqual(stored.triage);
  expect((await workflowState(1)).triage).toEqual(stored.triage);
});

test('an issue with no triage gets only what the person set: no invented priority', async () => {
  expect((await stack.sendWebhook('issues', issuePayload({ number: 2, title: '   ', body: 'no title' }))).status).toBe(202);
  await stack.waitForIssue(repo, 2, (i) => i.status === 'invalid');
  expect(await correct(2, { priority: 'p1' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/no triage yet.*set the category/) } });
  expect((await correct(2, { category: 'question' })).status).toBe(202);
  const { stored, workflow } = await afterCorrections(2, 1);
  expect(stored.triage).toEqual({ category: 'question', priority: null, labels: [], confidence: 1, rationale: 'Set by a person.', duplicateOf: null, model: null });
  expect(workflow.triage).toEqual(stored.triage);
});

test('of near-identical issues the newer points at the older, and an open one is canonical over a closed one', async () => {
  const text = { title: 'Dark mode toggle resets after restart', body: 'Steps: enable dark mode in settings, restart the app. Expected: dark mode stays on. Actual: it is off again.' };
  expect((await stack.sendWebhook('issues', issuePayload({ number: 10, ...text }))).status).toBe(202);
  const first = await stack.waitForIssue(repo, 10, (i) => i.status === 'triaged');
  expect((await stack.sendWebhook('issues', issuePayload({ number: 11, ...text, body: `${text.body} Seen on version 2.3.` }))).status).toBe(202);
  const second = await stack.waitForIssue(repo, 11, (i) => i.status === 'triaged');
  expect(second.triage!.duplicateOf).toBe(10);
  expect(second.similar).toEqual(expect.arrayContaining([expect.objectContaining({ number: 10, state: 'open' })]));
  expect(first.triage!.duplicateOf).toBeNull();
  // #10 edited now that #11 exists: classified again, it still points at nothing, never at the newer #11.
  expect((await stack.sendWebhook('issues', issuePayload({ number: 10, ...text, action: 'edited', body: `${text.body} Seen on version 2.2.`, updatedAt: '2029-01-01T00:00:00Z' }))).status).toBe(202);
  const reclassified = await stack.waitForIssue(repo, 10, (i) => i.classifications.length >= 2);
  expect(reclassified.similar).toEqual(expect.arrayContaining([expect.objectContaining({ number: 11 })]));
  expect(reclassified.triage!.duplicateOf).toBeNull();

  // #10 closed: a third copy points at the open #11, though #10 is older.
  expect((await stack.sendWebhook('issues', issuePayload({ number: 10, ...text, action: 'closed', state: 'closed', updatedAt: '2030-01-01T00:00:00Z' }))).status).toBe(202);
  await stack.waitForIssue(repo, 10, (i) => i.status === 'closed');
  expect((await stack.sendWebhook('issues', issuePayload({ number: 12, ...text, body: `${text.body} Seen on version 2.4.` }))).status).toBe(202);
  const third = await stack.waitForIssue(repo, 12, (i) => i.status === 'triaged');
  expect(third.triage!.duplicateOf).toBe(11);

  // An exact copy of the closed #10 still prefers an open exact copy when there is one: here there is none.
  expect((await stack.sendWebhook('issues', issuePayload({ number: 13, ...text }))).status).toBe(202);
  const copy = await stack.waitForIssue(repo, 13, (i) => i.status === 'triaged');
  expect(copy.triage!.duplicateOf).toBe(11);
});
