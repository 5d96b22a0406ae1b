import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { stateQuery } from '../../workflows/definitions';
import { triageWorkflowId } from '../../src/domain/triage-state';
import type { IssueDetail } from '../../src/issues/view';
import { realPayload } from '../support/github-examples';
import { activityNames, settledActivityCount } from '../support/history';
import { eventually, githubView } from '../github/support';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The whole path on real parts: signed GitHub payload → Temporal → activities → PostgreSQL → socket.io
// → correction through the API → workflow signal → audit row.

let stack: Stack;
let temporal: Client;
let connection: Connection;
let socket: Socket;
let db: pg.Client;
const updates: IssueDetail[] = [];
const repoFullName = `suite-${SUITE_REPO_ID}/hello-world`;
const target = (number: number) => ({ repoId: SUITE_REPO_ID, number, repoFullName });

beforeAll(async () => {
  stack = await startStack();
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  socket = io(stack.baseUrl, { transports: ['websocket'], auth: { token: stack.dashboardToken } });
  socket.on('issue.updated', (issue: IssueDetail) => updates.push(issue));
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
});

afterAll(async () => {
  socket?.close();
  await db?.end();
  await connection?.close();
  await stack?.stop();
});

const waitForUpdate = async (predicate: (i: IssueDetail) => boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = updates.find(predicate);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no matching socket.io update arrived');
};

test('an opened issue is triaged, stored and pushed to the dashboard', async () => {
  const deliveryId = randomUUID();
  const res = await stack.sendWebhook('issues', realPayload('issues', 'opened', target(1)), { deliveryId });
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ workflowId: triageWorkflowId(SUITE_REPO_ID, 1), deliveryId });

  const pushed = await waitForUpdate((i) => i.number === 1 && i.status === 'triaged');
  expect(pushed.repo).toBe(repoFullName);
  expect(pushed.title).toBe('Spelling error in the README file');
  expect(pushed.triage?.category).toMatch(/^(bug|feature|question|documentation|other)$/);
  expect(pushed.triage?.priority).toMatch(/^p[0-3]$/);
  expect(pushed.triage!.confidence).toBeGreaterThan(0);
  expect(pushed.triage!.confidence).toBeLessThanOrEqual(1);
  expect(pushed.triage!.rationale.length).toBeGreaterThan(5);

  const detail = await stack.waitForIssue(repoFullName, 1);
  expect(detail).toMatchObject({ number: 1, repo: repoFullName, status: 'triaged', workflowId: res.body.workflowId, githubLabels: ['bug'] });
  expect(detail.temporalUrl).toBe(`http://localhost:8233/namespaces/default/workflows/${res.body.workflowId}`);
  expect(detail.classifications).toHaveLength(1);
  // The socket event and the detail API carry the same shape.
  expect(Object.keys(pushed).sort()).toEqual(Object.keys(detail).sort());

  // The search attributes reach the server when the workflow task completes, after the dashboard's
  // notification and the local write-back step of the same task: a moment after the socket event.
  const described = await eventually(() => temporal.workflow.getHandle(res.body.workflowId).describe(),
    (d) => d.searchAttributes.TriageStatus?.[0] === 'triaged', 'the search attributes of the triage');
  expect(described.searchAttributes).toMatchObject({ TriageRepo: [repoFullName], TriageStatus: ['triaged'], TriageCategory: [detail.triage!.category] });
  expect(described.memo).toEqual({ title: 'Spelling error in the README file' });

  // Without GitHub credentials the write-back is a dry run in a local activity: no step of this triage
  // waits on a task round trip through the Temporal server.
  const { writeBack } = await eventually(() => githubView(stack, target(1), 1), (v) => Boolean(v?.writeBack), 'the dry-run write-back');
  expect(['dry-run', 'awaiting-review']).toContain(writeBack.status);
  const steps = await activityNames(temporal, res.body.workflowId);
  expect(steps).toContain('writeBackWithoutCredentials');
  expect(steps).not.toContain('writeBack');
});


test('redelivering the same delivery never classifies twice', async () => {
  const deliveryId = randomUUID();
  const payload = realPayload('issues', 'opened', target(2));
  expect((await stack.sendWebhook('issues', payload, { deliveryId })).status).toBe(202);
  await stack.waitForIssue(repoFullName, 2, (i) => i.status === 'triaged');
  expect((await stack.sendWebhook('issues', payload, { deliveryId })).status).toBe(202);
  // A later event proves the redelivery was handled (signals are processed in order).
  expect((await stack.sendWebhook('issues', realPayload('issues', 'labeled', target(2)))).status).toBe(202);
  const workflowId = triageWorkflowId(SUITE_REPO_ID, 2);
  const handle = temporal.workflow.getHandle(workflowId);
  const deadline = Date.now() + 20_000;
  while ((await handle.query(stateQuery)).eventsHandled < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(await settledActivityCount(temporal, workflowId, 'classify')).toBe(1);
  const { rows } = await db.query('SELECT count(*)::int AS n FROM classifications c JOIN issues i ON i.id = c.issue_id WHERE i.repo_id = $1 AND i.number = 2', [SUITE_REPO_ID]);
  expect(rows[0].n).toBe(1);
});

test('a correction from the API reaches the workflow, is audited and pushed', async () => {
  expect((await stack.sendWebhook('issues', realPayload('issues', 'opened', target(3)))).status).toBe(202);
  const before = await stack.waitForIssue(repoFullName, 3, (i) => i.status === 'triaged');
  const newCategory = before.triage!.category === 'question' ? 'feature' : 'question';

  const res = await fetch(`${stack.baseUrl}/api/issues/${repoFullName}/3/corrections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.dashboardToken}` },
    body: JSON.stringify({ category: newCategory, priority: 'p1', labels: ['docs-typo'], note: 'It is a typo report', actor: 'maria' }),
  });
  expect(res.status).toBe(202);
  const { correctionId } = (await res.json()) as { correctionId: string };

  const pushed = await waitForUpdate((i) => i.number === 3 && i.corrected);
  expect(pushed).toMatchObject({ status: 'corrected', triage: { category: newCategory, priority: 'p1', labels: ['docs-typo'] } });
  expect(pushed.corrections[0]).toMatchObject({ actor: 'maria', note: 'It is a typo report', before: { category: before.triage!.category, priority: before.triage!.priority }, after: { category: newCategory, priority: 'p1' } });

  const state = await temporal.workflow.getHandle(triageWorkflowId(SUITE_REPO_ID, 3)).query(stateQuery);
  expect(state).toMatchObject({ corrected: true, status: 'corrected', correctionsApplied: 1, triage: { category: newCategory, priority: 'p1', confidence: 1 } });
  const audit = await db.query('SELECT actor, before, after, created_at FROM corrections WHERE correction_id = $1', [correctionId]);
  expect(audit.rows).toHaveLength(1);
  expect(audit.rows[0]).toMatchObject({ actor: 'maria', after: { category: newCategory, priority: 'p1', labels: ['docs-typo'] } });
  expect(audit.rows[0].created_at).toBeInstanceOf(Date);
  const described = await eventually(() => temporal.workflow.getHandle(triageWorkflowId(SUITE_REPO_ID, 3)).describe(),
    (d) => d.searchAttributes.TriageStatus?.[0] === 'corrected', 'the search attributes of the correction');
  expect(described.searchAttributes).toMatchObject({ TriageCorrected: [true], TriageStatus: ['corrected'], TriagePriority: ['p1'] });
});

test('labels, comments and closing update the issue; closing completes the workflow and a correction revives it', async () => {
  const number = 4;
  const workflowId = triageWorkflowId(SUITE_REPO_ID, number);
  const openedDelivery = randomUUID();
  expect((await stack.sendWebhook('issues', realPayload('issues', 'opened', target(number)), { deliveryId: openedDelivery })).status).toBe(202);
  await stack.waitForIssue(repoFullName, number, (i) => i.status === 'triaged');

  const labeled = realPayload('issues', 'labeled', target(number));
  labeled.issue.labels.push({ id: 99, name: 'good first issue', color: '7057ff', default: false, description: 'Good for newcomers' });
  // An unmanaged label: the example's own ("bug") is a category label, which a person adding is a correction.
  labeled.label = labeled.issue.labels[labeled.issue.labels.length - 1];
  expect((await stack.sendWebhook('issues', labeled)).status).toBe(202);
  await stack.waitForIssue(repoFullName, number, (i) => i.githubLabels.includes('good first issue'));

  const comment = realPayload('issue_comment', 'created', target(number));
  comment.issue.comments = 5;
  expect((await stack.sendWebhook('issue_comment', comment)).status).toBe(202);
  await stack.waitForIssue(repoFullName, number, (i) => i.commentsCount === 5);

  const closed = realPayload('issues', 'reopened', target(number));
  closed.action = 'closed';
  closed.issue.state = 'closed';
  expect((await stack.sendWebhook('issues', closed)).status).toBe(202);
  await stack.waitForIssue(repoFullName, number, (i) => i.status === 'closed' && i.state === 'closed');
  const handle = temporal.workflow.getHandle(workflowId);
  await handle.result();
  expect((await handle.describe()).status.name).toBe('COMPLETED');

  // GitHub redelivering the old `opened`: the inbox knows the delivery id, so nothing happens at all.
  const redelivered = await stack.sendWebhook('issues', realPayload('issues', 'opened', target(number)), { deliveryId: openedDelivery });
  expect(redelivered).toMatchObject({ status: 202, body: { deliveryId: openedDelivery, workflowId, duplicate: true } });
  expect((await handle.describe()).status.name).toBe('COMPLETED');
  expect((await stack.waitForIssue(repoFullName, number)).classifications).toHaveLength(1);

  const res = await fetch(`${stack.baseUrl}/api/issues/${repoFullName}/${number}/corrections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.dashboardToken}` },
    body: JSON.stringify({ category: 'documentation', actor: 'sam' }),
  });
  expect(res.status).toBe(202);
  const revived = await stack.waitForIssue(repoFullName, number, (i) => i.corrected);
  expect(revived).toMatchObject({ status: 'closed', triage: { category: 'documentation' } });
  // The revived run applied the correction and, the issue being closed, completed again.
  const result = await temporal.workflow.getHandle(workflowId).result();
  expect(result).toMatchObject({ corrected: true, state: 'closed', correctionsApplied: 1, triage: { category: 'documentation' } });
});
