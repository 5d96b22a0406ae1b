import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { issueTextHash } from '../../src/ai/content-hash';
import { stateQuery } from '../../workflows/definitions';
import { triageWorkflowId } from '../../src/domain/triage-state';
import { realPayload } from '../support/github-examples';
import { settledActivityCount } from '../support/history';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The webhook inbox on real parts: a redelivered id is one row and one triage, and a flood of large
// edits to one issue neither terminates its workflow nor loses a delivery; only the newest text is triaged.

let stack: Stack;
let connection: Connection;
let temporal: Client;
let db: pg.Client;
const repoFullName = `suite-${SUITE_REPO_ID}/inbox`;
const target = (number: number, extra: { title?: string; body?: string } = {}) => ({ repoId: SUITE_REPO_ID, number, repoFullName, ...extra });

beforeAll(async () => {
  stack = await startStack({ env: { WEBHOOK_RATE_LIMIT: '0' } });
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await connection?.close();
  await stack?.stop();
});

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let last = await read(); ; last = await read()) {
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the same delivery id three times: one inbox row, one triage, and the repeats say duplicate', async () => {
  const deliveryId = randomUUID();
  const payload = realPayload('issues', 'opened', target(1));
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await stack.sendWebhook('issues', payload, { deliveryId }));
  const workflowId = triageWorkflowId(SUITE_REPO_ID, 1);
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
  expect(answers[0]!.body).toEqual({ deliveryId, workflowId });
  expect(answers[1]!.body).toEqual({ deliveryId, workflowId, duplicate: true });
  expect(answers[2]!.body).toEqual({ deliveryId, workflowId, duplicate: true });

  await stack.waitForIssue(repoFullName, 1, (i) => i.status === 'triaged');
  const { rows } = await db.query('SELECT count(*)::int AS n, bool_and(processed_at IS NOT NULL) AS processed FROM webhook_inbox WHERE delivery_id = $1', [deliveryId]);
  expect(rows[0]).toEqual({ n: 1, processed: true });
  expect(await settledActivityCount(temporal, workflowId, 'classify')).toBe(1);
  expect((await temporal.workflow.getHandle(workflowId).query(stateQuery)).eventsHandled).toBe(1);
});

test('500 edits with 60 KB bodies to one issue: no termination, every delivery recorded, the last text triaged', async () => {
  const number = 2;
  const workflowId = triageWorkflowId(SUITE_REPO_ID, number);
  const filler = 'The widget renders twice after a resize and the log fills with layout warnings. '.repeat(760).slice(0, 60_000);
  const deliveries: string[] = [];
  const base = Date.parse('2026-11-01T00:00:00Z');
  const edit = (i: number) => {
    const payload = realPayload('issues', i === 0 ? 'opened' : 'edited', target(number, { title: `Widget renders twice (revision ${i})`, body: `${filler}\nrevision ${i}` }));
    payload.issue.updated_at = new Date(base + i * 1000).toISOString();
    return payload;
  };
  // Eight senders at once, as GitHub delivers concurrently.
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < 500) {
      const i = next++;
      const deliveryId = `flood-${i}-${randomUUID()}`;
      deliveries.push(deliveryId);
      const res = await stack.sendWebhook('issues', edit(i), { deliveryId });
      if (res.status !== 202) throw new Error(`delivery ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  }));

  const last = edit(499).issue as { title: string; body: string };
  const issue = await stack.waitForIssue(repoFullName, number, (i) => i.title === last.title && i.status === 'triaged', 180_000);
  expect(issue.body).toBe(last.body);
  const processed = await eventually(
    async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_inbox WHERE delivery_id = ANY($1) AND processed_at IS NOT NULL', [deliveries])).rows[0]!.n,
    (n) => n === 500, 'every delivery processed', 120_000,
  );
  expect(processed).toBe(500);
  const state = await eventually(() => temporal.workflow.getHandle(workflowId).query(stateQuery), (s) => s.eventsHandled === 500 && s.contentHash === issueTextHash(last), 'all 500 handled and the last text triaged');
  expect(state.contentHash).toBe(issueTextHash(last));
  // Queued edits were triaged together: far fewer classifications than deliveries, and the last text among them.
  const { rows } = await db.query<{ content_hash: string }>('SELECT c.content_hash FROM classifications c JOIN issues i ON i.id = c.issue_id WHERE i.repo_id = $1 AND i.number = $2', [SUITE_REPO_ID, number]);
  expect(rows.length).toBeLessThan(500);
  expect(rows.map((r) => r.content_hash)).toContain(issueTextHash(last));
  // No run of the workflow was terminated, and it still runs (continued as new if it had to).
  const described = await temporal.workflow.getHandle(workflowId).describe();
  expect(described.status.name).toBe('RUNNING');
  const { count: terminated } = await temporal.workflow.count(`WorkflowId = "${workflowId}" AND ExecutionStatus = "Terminated"`);
  expect(terminated).toBe(0);
}, 300_000);
