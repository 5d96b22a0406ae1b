import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { io } from 'socket.io-client';
import { triageWorkflowId } from '../../src/domain/triage-state';
import type { IssueDetail } from '../../src/issues/view';
import { realPayload } from '../support/github-examples';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The worker runs as its own process, as in production: the server hears about its work only through
// the database, and killing it mid-workflow must not lose the issue.

const ROOT = path.join(__dirname, '..', '..');
let stack: Stack;
let connection: Connection;
let temporal: Client;
const repoFullName = `suite-${SUITE_REPO_ID}/restarts`;

function startWorkerProcess(logLevel = 'silent'): ChildProcess {
  const env = { ...process.env, ...stackEnv(), DATABASE_URL: stack.databaseUrl, LOG_LEVEL: logLevel };
  // tsx as a loader in this very process, not its CLI: the CLI runs the program in a child process of
  // its own, which a SIGKILL of the parent would leave running.
  const cli = ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'worker'];
  return spawn(process.execPath, cli, { env, stdio: ['ignore', 'ignore', 'pipe'] });
}

function stackEnv(): NodeJS.ProcessEnv {
  const c = stack.config;
  // METRICS_PORT 0: each worker process's /metrics listener on a port of its own.
  return { TEMPORAL_ADDRESS: stack.temporalAddress, TEMPORAL_TASK_QUEUE: c.temporal.taskQueue, TEMPORAL_UI_URL: c.temporal.uiUrl, DATA_DIR: c.dataDir, METRICS_PORT: '0' };
}

function collect(child: ChildProcess): string[] {
  const chunks: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (c: string) => chunks.push(c));
  return chunks;
}

// 'close' rather than 'exit': it comes after the child's stderr has been read to the end.
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve())));

beforeAll(async () => {
  stack = await startStack({ worker: false });
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

test('a worker killed in the middle of a workflow: another worker finishes the issue', async () => {
  const number = 1;
  const workflowId = triageWorkflowId(SUITE_REPO_ID, number);
  const res = await stack.sendWebhook('issues', realPayload('issues', 'opened', { repoId: SUITE_REPO_ID, number, repoFullName }));
  expect(res.status).toBe(202);

  const first = startWorkerProcess();
  // Kill it, without a clean shutdown, as soon as it has taken the workflow task that runs the triage's
  // local activities: the task times out and the next worker runs them again (they are idempotent).
  const deadline = Date.now() + 60_000;
  let progressed = false;
  while (!progressed && Date.now() < deadline) {
    // The inbox forwarder starts the workflow a moment after the 202.
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory().catch(() => ({ events: [] }));
    progressed = (history.events ?? []).some((e) => e.workflowTaskStartedEventAttributes);
    if (!progressed) await new Promise((r) => setTimeout(r, 20));
  }
  expect(progressed).toBe(true);
  first.kill('SIGKILL');
  await exited(first);

  const updates: IssueDetail[] = [];
  const socket = io(stack.baseUrl, { transports: ['websocket'], auth: { token: stack.dashboardToken } });
  socket.on('issue.updated', (i: IssueDetail) => updates.push(i));
  const second = startWorkerProcess('info');
  const stderr = collect(second);
  try {
    const issue = await stack.waitForIssue(repoFullName, number, (i) => i.status === 'triaged', 90_000);
    expect(issue.classifications).toHaveLength(1);
    // The update published by the worker process reached this process's socket.io clients.
    const deadlineSocket = Date.now() + 10_000;
    while (!updates.some((u) => u.number === number && u.status === 'triaged') && Date.now() < deadlineSocket) await new Promise((r) => setTimeout(r, 50));
    expect(updates.some((u) => u.number === number && u.status === 'triaged')).toBe(true);
  } finally {
    socket.close();
    second.kill('SIGTERM');
    await exited(second);
  }
  // The SDK's own lines come through pino like ours, one JSON object a line, instead of its console format.
  const lines = stderr.join('').split('\n').filter(Boolean);
  const parsed = lines.map((l) => { try { return JSON.parse(l) as { component?: string; msg?: string }; } catch { throw new Error(`A line on the worker's stderr is not JSON: ${l}`); } });
  expect(parsed.some((l) => l.component === 'temporal-sdk' && /worker state changed/i.test(l.msg ?? ''))).toBe(true);
}, 150_000);
