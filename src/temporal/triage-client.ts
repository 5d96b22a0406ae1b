import type { triageIssue, TriageWorkflowOptions } from '../../workflows/triage-issue';
import { approveSignal, correctSignal, deliverySignal, stateQuery } from '../../workflows/definitions';
import { type DeliverySignal } from '../domain/github-event';
import { type CorrectionInput } from '../domain/correction';
import { triageWorkflowId, type TriageState } from '../domain/triage-state';
import { TriageRepo, TriageStatus } from '../domain/search-attributes';
import type { TemporalClientProvider } from './connect';

export interface TriageClient {
  /** Resolves once Temporal has durably recorded the inbox delivery (signal-with-start). */
  sendDelivery(issue: { repoId: number; repoFullName: string; number: number }, delivery: DeliverySignal): Promise<{ workflowId: string }>;
  sendCorrection(issue: { repoId: number; repoFullName: string; number: number }, correction: CorrectionInput): Promise<{ workflowId: string }>;
  queryState(repoId: number, number: number): Promise<TriageState>;
  /** Releases a triage held by the confidence gate; its labels are written as they are. */
  sendApproval(issue: { repoId: number; number: number }, actor: string): Promise<{ workflowId: string }>;
}

// A signal to a healthy server takes milliseconds; one that hangs (a stopped server) must fail soon so the
// inbox forwarder can back off instead of holding its round.
const SIGNAL_DEADLINE_MS = 5_000;

export function createTriageClient(deps: { temporal: TemporalClientProvider; taskQueue: string; options: TriageWorkflowOptions }): TriageClient {
  const startOptions = (key: { repoId: number; repoFullName: string; number: number }) => ({
    workflowId: triageWorkflowId(key.repoId, key.number),
    taskQueue: deps.taskQueue,
    args: [{ repoId: key.repoId, repoFullName: key.repoFullName, number: key.number, options: deps.options }] as Parameters<typeof triageIssue>,
    typedSearchAttributes: [
      { key: TriageRepo, value: key.repoFullName },
      { key: TriageStatus, value: 'pending' },
    ],
  });
  return {
    async sendDelivery(issue, delivery) {
      const options = startOptions(issue);
      const client = await deps.temporal.get();
      await client.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () =>
        client.workflow.signalWithStart('triageIssue', { ...options, signal: deliverySignal, signalArgs: [delivery] }));
      return { workflowId: options.workflowId };
    },
    async sendCorrection(issue, correction) {
      const options = startOptions(issue);
      await (await deps.temporal.get()).workflow.signalWithStart('triageIssue', { ...options, signal: correctSignal, signalArgs: [correction] });
      return { workflowId: options.workflowId };
    },
    async sendApproval(issue, actor) {
      // A plain signal, not signal-with-start: only a running workflow can be holding a triage.
      const workflowId = triageWorkflowId(issue.repoId, issue.number);
      await (await deps.temporal.get()).workflow.getHandle(workflowId).signal(approveSignal, { actor });
      return { workflowId };
    },
    async queryState(repoId, number) {
      const client = await deps.temporal.get();
      return client.workflow.getHandle(triageWorkflowId(repoId, number)).query(stateQuery);
    },
  };
}
