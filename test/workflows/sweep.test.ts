import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { SweepActivities, SweepPlan } from '../../activities/sweep';
import type { SweepReport } from '../../src/domain/sweep';
import type { sweepRepositories } from '../../workflows/sweep';

// The sweep workflow's decisions on a real Temporal server with mocked activities: which parts run for
// which repository, in which order, and that one repository's failure is reported while the rest are swept.

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  if (!Runtime.instantiator) Runtime.install({ logger: new DefaultLogger('WARN', () => undefined) });
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TRIAGEFLOW_TEST_TEMPORAL_ADDRESS! });
});
afterAll(async () => {
  await env?.teardown();
});

const part = (issuesQueued: number, redelivered: number) => ({ issuesQueued, redelivered, problem: null });

async function sweep(plan: SweepPlan, overrides: Partial<Record<keyof SweepActivities, (input: any) => Promise<unknown>>> = {}, input = {}) {
  const calls: string[] = [];
  const recorded: SweepReport[] = [];
  const step = (name: keyof SweepActivities, result: (input: any) => unknown) => async (i: any) => {
    calls.push(`${name}${i?.target ? ` ${i.target.fullName}` : ''}`);
    return overrides[name] ? overrides[name]!(i) : result(i);
  };
  const activities: SweepActivities = {
    planSweep: step('planSweep', () => plan) as SweepActivities['planSweep'],
    sweepRepoDeliveries: step('sweepRepoDeliveries', () => part(0, 1)) as SweepActivities['sweepRepoDeliveries'],
    sweepRepoIssues: step('sweepRepoIssues', () => part(2, 0)) as SweepActivities['sweepRepoIssues'],
    sweepAppDeliveries: step('sweepAppDeliveries', () => part(0, 3)) as SweepActivities['sweepAppDeliveries'],
    recordSweep: step('recordSweep', (r: SweepReport) => void recorded.push(r)) as SweepActivities['recordSweep'],
  };
  const taskQueue = `sweep-wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: { codePath: process.env.TRIAGEFLOW_TEST_WORKFLOW_BUNDLE! } });
  const report = await worker.runUntil(env.client.workflow.execute<typeof sweepRepositories>('sweepRepositories', { taskQueue, workflowId: `sweep-${randomUUID()}`, args: [input] }));
  return { report, calls, recorded };
}

const targets = [{ repoId: 1, fullName: 'octo/a' }, { repoId: null, fullName: 'octo/b' }];

test('each repository: its failed deliveries first, then its issues; one failure is reported and the rest are swept', async () => {
  const { report, calls, recorded } = await sweep({ targets, off: null, appHook: false, deliveriesOff: null }, {
    sweepRepoIssues: async (i) => {
      if (i.target.fullName === 'octo/a') throw ApplicationFailure.nonRetryable('GitHub answered 502 Bad Gateway');
      return part(2, 0);
    },
  });
  expect(calls).toEqual(['planSweep', 'sweepRepoDeliveries octo/a', 'sweepRepoIssues octo/a', 'sweepRepoDeliveries octo/b', 'sweepRepoIssues octo/b', 'recordSweep']);
  expect(report).toMatchObject({ repos: ['octo/a', 'octo/b'], issuesQueued: 2, redelivered: 2 });
  expect(report.errors).toEqual([{ repo: 'octo/a', part: 'issues', message: 'GitHub answered 502 Bad Gateway; the next sweep tries again.' }]);
  expect(report.runId).toMatch(/^sweep-[\w-]+\/[\w-]+$/);
  expect(recorded).toEqual([report]);
});

test('a GitHub App\'s one webhook is read once for every repository; a problem is said once', async () => {
  const problem = { repo: null, part: 'deliveries' as const, message: 'GitHub refused the App\'s webhook deliveries' };
  const { report, calls } = await sweep({ targets, off: null, appHook: true, deliveriesOff: null }, { sweepAppDeliveries: async () => ({ ...part(0, 0), problem }) });
  expect(calls).toEqual(['planSweep', 'sweepAppDeliveries', 'sweepRepoIssues octo/a', 'sweepRepoIssues octo/b', 'recordSweep']);
  expect(report.errors).toEqual([problem]);
});

test('without credentials nothing is swept and the reason is recorded; without a way to find the hook, issues only', async () => {
  const off = await sweep({ targets, off: 'No GitHub credentials', appHook: false, deliveriesOff: null });
  expect(off.calls).toEqual(['planSweep', 'recordSweep']);
  expect(off.report.errors).toEqual([{ repo: null, part: 'repository', message: 'No GitHub credentials' }]);

  const deliveriesOff = { repo: null, part: 'deliveries' as const, message: 'Failed deliveries are not redelivered: set PUBLIC_URL' };
  const issuesOnly = await sweep({ targets: targets.slice(0, 1), off: null, appHook: false, deliveriesOff });
  expect(issuesOnly.calls).toEqual(['planSweep', 'sweepRepoIssues octo/a', 'recordSweep']);
  expect(issuesOnly.report.errors).toEqual([deliveriesOff]);
});
