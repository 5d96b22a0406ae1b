import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { resolveTemporalCli } from '../../src/temporal/cli-binary';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { triageWorkflowId } from '../../src/domain/triage-state';
import { realPayload } from '../support/github-examples';
import { settledActivityCount } from '../support/history';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// Temporal failing under the inbox: killed (and restarted by its supervisor, as `dev` does) or stopped
// while deliveries arrive. Every delivery is acknowledged, the backlog shows, and once Temporal is back
// every accepted issue is triaged exactly once.

let temporalServer: DevServer;
let stack: Stack;
let connection: Connection;
let temporal: Client;
let db: pg.Client;
const repoFullName = `suite-${SUITE_REPO_ID}/outage`;

beforeAll(async () => {
  const cliPath = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI });
  const dir = fs.mkdtempSync(path.join(process.env.TRIAGEFLOW_TEST_DIR ?? '/tmp', 'outage-'));
  temporalServer = await startDevServer({ cliPath, port: 0, dbFile: path.join(dir, 'temporal.sqlite'), logFile: path.join(dir, 'temporal.log'), supervise: true });
  stack = await startStack({ env: { TEMPORAL_ADDRESS: temporalServer.address, WEBHOOK_RATE_LIMIT: '0' } });
  connection = await Connection.connect({ address: temporalServer.address });
  temporal = new Client({ connection });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
}, 120_000);
afterAll(async () => {
  await db?.end();
  await connection?.close();
  await stack?.stop();
  await temporalServer?.stop();
});

const health = async () => (await (await fetch(`${stack.baseUrl}/healthz`, { headers: stack.authHeaders })).json()) as { ok: boolean; temporal: string; inbox: { pending: number; oldestAgeSeconds: number } };

/** Sends `count` opened issues numbered from `first`, paced at `perSecond`, calling `during(i)` before each. */
async function deliver(first: number, count: number, perSecond: number, during: (i: number) => void | Promise<void> = () => undefined): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    await during(i);
    const payload = realPayload('issues', 'opened', { repoId: SUITE_REPO_ID, repoFullName, number: first + i, title: `Outage issue ${first + i}: sync stalls`, body: `Body of ${first + i}` });
    statuses.push((await stack.sendWebhook('issues', payload)).status);
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  return statuses;
}

async function expectEachTriagedOnce(first: number, count: number): Promise<void> {
  for (let n = first; n < first + count; n++) {
    const issue = await stack.waitForIssue(repoFullName, n, (i) => i.status === 'triaged', 120_000);
    expect(issue.classifications).toHaveLength(1);
    expect(await settledActivityCount(temporal, triageWorkflowId(SUITE_REPO_ID, n), 'classify')).toBe(1);
  }
}

test('Temporal SIGKILLed while deliveries arrive: every delivery gets 202 and every issue is triaged exactly once', async () => {
  const statuses = await deliver(1, 60, 20, async (i) => {
    if (i === 20) process.kill(temporalServer.pid()!, 'SIGKILL');
  });
  expect(statuses).toEqual(Array(60).fill(202));
  await temporalServer.whenServing();
  await expectEachTriagedOnce(1, 60);
  const { rows } = await db.query("SELECT count(*)::int AS n FROM webhook_inbox WHERE repo_id = $1 AND processed_at IS NULL", [SUITE_REPO_ID]);
  expect(rows[0].n).toBe(0);
}, 240_000);

test('Temporal stopped for 30 s: deliveries are accepted, the backlog shows in /healthz, and it drains', async () => {
  const pid = temporalServer.pid()!;
  process.kill(pid, 'SIGSTOP');
  try {
    const statuses = await deliver(100, 20, 10);
    expect(statuses).toEqual(Array(20).fill(202));
    const during = await health();
    expect(during.ok).toBe(true);
    expect(during.temporal).toMatch(/^down/);
    expect(during.inbox.pending).toBeGreaterThan(0);
    expect(during.inbox.oldestAgeSeconds).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 28_000));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await expectEachTriagedOnce(100, 20);
  const after = await health();
  expect(after).toMatchObject({ ok: true, temporal: 'up', inbox: { pending: 0 } });
}, 240_000);
