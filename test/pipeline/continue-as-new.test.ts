import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { deliverySignal, stateQuery } from '../../workflows/definitions';
import { triageWorkflowId } from '../../src/domain/triage-state';
import { realPayload } from '../support/github-examples';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// A busy issue's workflow starts a fresh history (continue-as-new) instead of growing towards
// Temporal's limit. A threshold of 20 events makes every handled item cross it, so each event and
// correction below lands in a new run, which must still know everything the earlier runs knew.

let stack: Stack;
let connection: Connection;
let temporal: Client;
const repoFullName = `suite-${SUITE_REPO_ID}/long-lived`;
const target = { repoId: SUITE_REPO_ID, number: 7, repoFullName };
const workflowId = triageWorkflowId(SUITE_REPO_ID, target.number);

beforeAll(async () => {
  stack = await startStack({ env: { WORKFLOW_MAX_HISTORY_EVENTS: '20' } });
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

/** Run ids of the workflow's chain of runs, newest first, followed through each run's start event. */
async function runChain(): Promise<string[]> {
  const chain: string[] = [];
  let runId: string | undefined = (await temporal.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    chain.push(runId);
    const history = await temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return chain;
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const queryState = () => temporal.workflow.getHandle(workflowId).query(stateQuery);

test('events, a redelivery and a correction across several runs: state, dedupe and audit carry over', async () => {
  const opened = randomUUID();
  expect((await stack.sendWebhook('issues', realPayload('issues', 'opened', target), { deliveryId: opened })).status).toBe(202);
  await stack.waitForIssue(repoFullName, target.number, (i) => i.status === 'triaged');

  const labeled = realPayload('issues', 'labeled', target);
  // An unmanaged label: the example's own ("bug") is a category label, which a person adding is a correction.
  labeled.label = { ...labeled.label, name: 'good first issue' };
  expect((await stack.sendWebhook('issues', labeled)).status).toBe(202);
  await eventually(queryState, (s) => s.eventsHandled === 2, 'the labeled event');

  // The first delivery signalled again to a run that never saw it (what an inbox forwarder does when its
  // lease ran out mid-send): it must not triage the issue a second time.
  await temporal.workflow.getHandle(workflowId).signal(deliverySignal, { deliveryId: opened, eventName: 'issues', action: 'opened', githubUpdatedAt: null, receivedAt: new Date().toISOString() });
  // By now the history has crossed the threshold of 20 events: the run continues as new.
  await eventually(runChain, (c) => c.length >= 2, 'the first continue-as-new');

  const res = await fetch(`${stack.baseUrl}/api/issues/${repoFullName}/${target.number}/corrections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.dashboardToken}` },
    body: JSON.stringify({ priority: 'p0', actor: 'ana', note: 'Blocks the release' }),
  });
  expect(res.status).toBe(202);
  const state = await eventually(queryState, (s) => s.correctionsApplied === 1, 'the correction in the newest run');
  expect(state).toMatchObject({ status: 'corrected', corrected: true, eventsHandled: 2, triage: { priority: 'p0' } });

  const issue = await stack.waitForIssue(repoFullName, target.number, (i) => i.corrected);
  expect(issue.classifications).toHaveLength(1);
  expect(issue.corrections).toHaveLength(1);

  // The labeled event crossed the threshold; the redelivery was skipped before any work.
  const chain = await runChain();
  expect(chain.length).toBeGreaterThanOrEqual(2);
  const first = await temporal.workflow.getHandle(workflowId, chain.at(-1)).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');
  for (const runId of chain) {
    const events = (await temporal.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    expect(events.length).toBeLessThan(200);
  }
}, 120_000);
