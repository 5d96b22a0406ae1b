import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { TriageActivities } from '../../activities';
import type { PersistInput } from '../../activities/persist';
import type { Classification } from '../../src/domain/triage';
import { correctSignal, deliverySignal, stateQuery } from '../../workflows/definitions';
import type { triageIssue } from '../../workflows/triage-issue';
import type { DeliverySignal } from '../../src/domain/github-event';
import type { TriageState } from '../../src/domain/triage-state';

// The workflow's decisions on a real Temporal server (the suite's dev server) with mocked activities:
// which steps run, in which order, and that what it persists is exactly the state it keeps.

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  // The SDK's logs (worker state changes, the workflow's expected warnings) would only bury jest's report.
  if (!Runtime.instantiator) Runtime.install({ logger: new DefaultLogger('WARN', () => undefined) });
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TRIAGEFLOW_TEST_TEMPORAL_ADDRESS! });
});

afterAll(async () => {
  await env?.teardown();
});

const answer: Classification = { category: 'bug', priority: 'p1', labels: ['bug'], confidence: 0.7, rationale: 'A stack trace.', duplicateOf: null, model: 'mock@1', cached: false, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } };

/** Mocked activities that record every call; `overrides` replace single steps. */
function mockActivities(overrides: Partial<Record<keyof TriageActivities, (...args: any[]) => Promise<unknown>>> = {}) {
  const calls: { name: string; input: any }[] = [];
  const step = <T>(name: keyof TriageActivities, result: (input: any) => T) => async (input: any) => {
    calls.push({ name, input });
    const override = overrides[name];
    return override ? override(input) : result(input);
  };
  const activities = {
    loadState: step('loadState', () => null),
    dedupe: step('dedupe', (i) => ({ latestDeliveryId: i.deliveryIds.at(-1), action: 'opened', title: 'Crash on save', githubState: 'open', contentHash: 'h1', contentClassified: false, exactDuplicate: null })),
    validate: step('validate', () => undefined),
    embed: step('embed', () => ({ embedder: 'mock', reused: false })),
    findNearDuplicates: step('findNearDuplicates', () => []),
    classify: step('classify', () => answer),
    persist: step('persist', () => undefined),
    persistCorrection: step('persistCorrection', () => undefined),
    learn: step('learn', () => ({ learned: true })),
    notify: step('notify', () => ({ published: true })),
  };
  return { activities, calls, names: () => calls.map((c) => c.name) };
}

const delivery = (id = randomUUID(), action: DeliverySignal['action'] = 'opened'): DeliverySignal =>
  ({ deliveryId: id, eventName: 'issues', action, githubUpdatedAt: new Date().toISOString(), receivedAt: new Date().toISOString() });

/**
 * Starts the issue's workflow with the given deliveries already signalled, then runs a worker with the
 * mocked activities while `fn` drives it: every signal sent here is waiting when the workflow first runs.
 */
async function withWorker<T>(activities: object, signals: DeliverySignal[], fn: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
  const taskQueue = `wf-test-${randomUUID()}`;
  const workflowId = `triage-test-${randomUUID()}`;
  const handle = await env.client.workflow.signalWithStart<typeof triageIssue, [DeliverySignal]>('triageIssue', {
    workflowId, taskQueue, args: [{ repoId: 1, repoFullName: 'acme/app', number: 7, options: { idleTimeoutMs: 60_000, nearDuplicateThreshold: 0.9 } }],
    signal: deliverySignal, signalArgs: [signals[0]!],
  });
  for (const s of signals.slice(1)) await handle.signal(deliverySignal, s);
  const worker = await Worker.create({
    connection: env.nativeConnection, taskQueue, activities,
    workflowBundle: { codePath: process.env.TRIAGEFLOW_TEST_WORKFLOW_BUNDLE! },
  });
  try {
    return await worker.runUntil(fn(handle));
  } finally {
    await handle.terminate('test done').catch(() => undefined);
  }
}

async function until(handle: { query: (q: typeof stateQuery) => Promise<TriageState> }, predicate: (s: TriageState) => boolean): Promise<TriageState> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const state = await handle.query(stateQuery);
    if (predicate(state)) return state;
  }
  throw new Error('the workflow did not reach the expected state in 15 s');
}

test('a new issue runs every step once, in order, and persists the state it keeps', async () => {
  const mock = mockActivities();
  const state = await withWorker(mock.activities, [delivery()], (handle) => until(handle, (s) => s.status === 'triaged'));
  expect(mock.names()).toEqual(['loadState', 'dedupe', 'validate', 'embed', 'findNearDuplicates', 'classify', 'persist', 'notify']);
  const persisted = mock.calls.find((c) => c.name === 'persist')!.input as Extract<PersistInput, { kind: 'triage' }>;
  expect(persisted).toMatchObject({ kind: 'triage', status: 'triaged', classification: answer });
  expect(state.triage).toEqual(persisted.triage);
  expect(state).toMatchObject({ status: 'triaged', contentHash: 'h1', eventsHandled: 1 });
});

test('a correction persists the reducer\'s triage (confidence 1) and keeps it through a new classification', async () => {
  const mock = mockActivities({ dedupe: async (i) => ({ latestDeliveryId: i.deliveryIds.at(-1), action: 'edited', title: 'Crash', githubState: 'open', contentHash: `h-${i.deliveryIds.at(-1)}`, contentClassified: false, exactDuplicate: null }) });
  await withWorker(mock.activities, [delivery()], async (handle) => {
    await until(handle, (s) => s.status === 'triaged');
    await handle.signal(correctSignal, { correctionId: 'c1', actor: 'maria', priority: 'p0' });
    const corrected = await until(handle, (s) => s.correctionsApplied === 1);
    const saved = mock.calls.find((c) => c.name === 'persistCorrection')!.input;
    expect(saved).toMatchObject({ before: { priority: 'p1' }, after: { priority: 'p0' }, status: 'corrected', triage: { category: 'bug', priority: 'p0', confidence: 1 } });
    expect(corrected.triage).toEqual(saved.triage);
    await handle.signal(deliverySignal, delivery(randomUUID(), 'edited'));
    const edited = await until(handle, (s) => s.eventsHandled === 2 && mock.calls.filter((c) => c.name === 'persist').length === 2);
    const second = mock.calls.filter((c) => c.name === 'persist').at(-1)!.input;
    expect(second).toMatchObject({ kind: 'triage', status: 'corrected', triage: saved.triage });
    expect(edited.triage).toEqual(saved.triage);
  });
});

test('deliveries queued together are handled as one batch that triages the newest text once', async () => {
  const mock = mockActivities();
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const queued = [delivery(ids[0]), delivery(ids[1], 'edited'), delivery(ids[2], 'edited')];
  // Deliveries count as handled when the batch is taken up; the triage's result lands a moment later.
  const state = await withWorker(mock.activities, queued, (handle) => until(handle, (s) => s.eventsHandled === 3 && s.status === 'triaged'));
  expect(mock.names().filter((n) => n === 'classify')).toHaveLength(1);
  expect(mock.calls.find((c) => c.name === 'dedupe')!.input.deliveryIds).toEqual(ids);
  expect(mock.calls.find((c) => c.name === 'persist')!.input).toMatchObject({ deliveryId: ids[2], handled: ids });
  expect(state.status).toBe('triaged');
});

test('an invalid issue and a model that refuses for good end as invalid and failed, and the workflow stays alive', async () => {
  const invalid = mockActivities({ validate: async () => { throw ApplicationFailure.create({ type: 'InvalidIssue', message: 'the title is empty', nonRetryable: true }); } });
  const state = await withWorker(invalid.activities, [delivery()], (handle) => until(handle, (s) => s.status === 'invalid'));
  expect(state.reason).toBe('the title is empty');
  expect(invalid.calls.find((c) => c.name === 'persist')!.input).toMatchObject({ kind: 'facts', status: 'invalid', reason: 'the title is empty' });
  expect(invalid.names()).not.toContain('classify');

  const refused = mockActivities({ classify: async () => { throw ApplicationFailure.create({ type: 'ModelAuthFailed', message: 'the API key was rejected', nonRetryable: true }); } });
  await withWorker(refused.activities, [delivery()], async (handle) => {
    const failed = await until(handle, (s) => s.status === 'failed');
    expect(failed.reason).toBe('ModelAuthFailed: the API key was rejected');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
