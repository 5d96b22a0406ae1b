import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { triageWorkflowId } from '../../src/domain/triage-state';
import type { IssueDetail } from '../../src/issues/view';
import { issuePayload, startStack, SUITE_REPO_ID, type Stack } from '../support/stack';

// Issue 23 on the real stack under DASHBOARD_PUBLIC_READ=1: a private repository's issues, lists, stats
// and socket events need the token; an Idempotency-Key reused with another body is refused; a correction
// id is applied once across the workflow's runs; and an ack never waits long on a held database.

const PUBLIC_REPO_ID = SUITE_REPO_ID;
const PRIVATE_REPO_ID = SUITE_REPO_ID + 1;
const publicRepo = `suite-${PUBLIC_REPO_ID}/app`;
const privateRepo = `suite-${PRIVATE_REPO_ID}/secret`;

let stack: Stack;
let connection: Connection;
let temporal: Client;

beforeAll(async () => {
  stack = await startStack({ env: { DASHBOARD_PUBLIC_READ: '1', EMBEDDED_IDLE_TX_TIMEOUT: '30s' } });
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

const privatePayload = (o: Parameters<typeof issuePayload>[0]) => {
  const payload = issuePayload(o) as { repository: Record<string, unknown> };
  Object.assign(payload.repository, { id: PRIVATE_REPO_ID, full_name: privateRepo, name: 'secret', private: true });
  return payload;
};
const anonymous = async (path: string) => {
  const res = await fetch(`${stack.baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};
const withToken = async (path: string) => (await fetch(`${stack.baseUrl}${path}`, { headers: stack.authHeaders })).json() as Promise<any>;

function listen(auth?: { token: string }): { socket: Socket; seen: IssueDetail[]; ready: Promise<void> } {
  const socket = io(stack.baseUrl, { transports: ['websocket'], reconnection: false, auth });
  const seen: IssueDetail[] = [];
  socket.on('issue.updated', (issue: IssueDetail) => seen.push(issue));
  return { socket, seen, ready: new Promise((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); }) };
}

test('a private repository\'s issue is not readable, listed, counted or pushed without the token; a public one is', async () => {
  const outsider = listen();
  const insider = listen({ token: stack.dashboardToken });
  await Promise.all([outsider.ready, insider.ready]);
  try {
    expect((await stack.sendWebhook('issues', issuePayload({ action: 'opened', number: 1, title: 'Crash when saving a file' }))).status).toBe(202);
    expect((await stack.sendWebhook('issues', privatePayload({ action: 'opened', number: 7, title: 'Internal: the billing key leaks' }))).status).toBe(202);
    await stack.waitForIssue(publicRepo, 1, (i) => i.status === 'triaged');
    const secret = await stack.waitForIssue(privateRepo, 7, (i) => i.status === 'triaged');
    expect(secret.repoPrivate).toBe(true);

    expect(await anonymous(`/api/issues/${publicRepo}/1`)).toMatchObject({ status: 200, body: { repoPrivate: false } });
    expect(await anonymous(`/api/issues/${privateRepo}/7`)).toMatchObject({ status: 404 });
    expect(await anonymous(`/api/issues/${privateRepo}/7/github`)).toMatchObject({ status: 404 });
    const listed = await anonymous('/api/issues');
    expect(listed.body.items.map((i: IssueDetail) => i.repo)).toEqual([publicRepo]);
    expect(listed.body.total).toBe(1);
    expect((await anonymous(`/api/issues?repo=${privateRepo}`)).body).toMatchObject({ total: 0, items: [] });
    expect((await anonymous('/api/stats')).body.issues.total).toBe(1);
    expect((await anonymous(`/api/accuracy?repo=${privateRepo}`)).body.periods.every((p: { triaged: number }) => p.triaged === 0)).toBe(true);
    expect((await anonymous('/api/issues/x/y/1', )).status).toBe(404);

    // The token reads everything, and a wrong token is refused even though reading is public.
    expect((await withToken('/api/stats')).issues.total).toBe(2);
    expect((await withToken('/api/issues')).total).toBe(2);
    expect((await fetch(`${stack.baseUrl}/api/issues`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    await new Promise((r) => setTimeout(r, 500));
    expect(outsider.seen.map((i) => i.repo)).not.toContain(privateRepo);
    expect(outsider.seen.map((i) => i.repo)).toContain(publicRepo);
    expect(insider.seen.map((i) => i.repo)).toEqual(expect.arrayContaining([publicRepo, privateRepo]));

    // The public repository goes private: its issues go with it at the next delivery.
    const turned = issuePayload({ action: 'edited', number: 1, title: 'Crash when saving a file (edited)' }) as { repository: Record<string, unknown> };
    turned.repository.private = true;
    expect((await stack.sendWebhook('issues', turned)).status).toBe(202);
    await stack.waitForIssue(publicRepo, 1, (i) => i.repoPrivate);
    expect(await anonymous(`/api/issues/${publicRepo}/1`)).toMatchObject({ status: 404 });
    expect((await anonymous('/api/issues')).body.total).toBe(0);
  } finally {
    outsider.socket.close();
    insider.socket.close();
  }
}, 120_000);

const correct = (number: number, body: object, key?: string) => fetch(`${stack.baseUrl}/api/issues/${publicRepo}/${number}/corrections`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...stack.authHeaders, ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body),
});

test('an Idempotency-Key reused with another body is 422 naming the key; a correction id is applied once across runs', async () => {
  const number = 2;
  expect((await stack.sendWebhook('issues', issuePayload({ action: 'opened', number, title: 'How do I export as CSV?' }))).status).toBe(202);
  await stack.waitForIssue(publicRepo, number, (i) => i.status === 'triaged');

  const first = await correct(number, { category: 'documentation', actor: 'sam' }, 'fix-1');
  expect(first.status).toBe(202);
  const { correctionId } = (await first.json()) as { correctionId: string };
  await stack.waitForIssue(publicRepo, number, (i) => i.triage?.category === 'documentation');

  const reused = await correct(number, { category: 'question', actor: 'sam' }, 'fix-1');
  expect(reused.status).toBe(422);
  expect(((await reused.json()) as { error: string }).error).toMatch(/Idempotency-Key "fix-1" was already used for a different correction/);
  const inBody = await correct(number, { category: 'question', actor: 'sam', correctionId: 'fix-1' });
  expect(inBody.status).toBe(422);
  expect(((await inBody.json()) as { error: string }).error).toMatch(/correctionId "fix-1"/);
  // The same body again is the same correction: 202 with the same id, nothing more.
  const retried = await correct(number, { actor: 'sam', category: 'documentation' }, 'fix-1');
  expect(retried.status).toBe(202);
  expect(((await retried.json()) as { correctionId: string }).correctionId).toBe(correctionId);

  expect((await correct(number, { category: 'feature', actor: 'kim' }, 'fix-2')).status).toBe(202);
  await stack.waitForIssue(publicRepo, number, (i) => i.triage?.category === 'feature');

  // Closed: the workflow completes. The first correction sent again starts a new run, which finds it
  // applied by the earlier run and changes nothing (before, it put "documentation" back in the run's state).
  const closed = issuePayload({ action: 'closed', number, title: 'How do I export as CSV?', state: 'closed' });
  expect((await stack.sendWebhook('issues', closed)).status).toBe(202);
  await stack.waitForIssue(publicRepo, number, (i) => i.status === 'closed');
  const handle = temporal.workflow.getHandle(triageWorkflowId(PUBLIC_REPO_ID, number));
  await handle.result();
  const firstRun = (await handle.describe()).runId;

  expect((await correct(number, { category: 'documentation', actor: 'sam' }, 'fix-1')).status).toBe(202);
  const deadline = Date.now() + 30_000;
  while ((await handle.describe()).runId === firstRun && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const state = await temporal.workflow.getHandle(triageWorkflowId(PUBLIC_REPO_ID, number)).result();
  expect(state).toMatchObject({ correctionsApplied: 0, triage: { category: 'feature' } });
  const detail = await stack.waitForIssue(publicRepo, number);
  expect(detail.triage?.category).toBe('feature');
  expect(detail.corrections.map((c) => c.after.category)).toEqual(['feature', 'documentation']);
}, 120_000);

test('an ack waits at most 2 s on a database held by an idle transaction, answers 503, and the next delivery goes through', async () => {
  const holder = new pg.Client({ connectionString: stack.databaseUrl });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1');
    const started = Date.now();
    const held = await stack.sendWebhook('issues', issuePayload({ action: 'opened', number: 3, title: 'Slow database' }));
    const waited = Date.now() - started;
    expect(held.status).toBe(503);
    expect(held.body.error).toMatch(/database is unavailable/);
    expect(waited).toBeLessThan(2_500);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  expect((await stack.sendWebhook('issues', issuePayload({ action: 'opened', number: 3, title: 'Slow database' }))).status).toBe(202);
  await stack.waitForIssue(publicRepo, 3, (i) => i.status === 'triaged');
}, 60_000);
