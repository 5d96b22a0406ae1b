import type { triageIssue, TriageWorkflowOptions } from '../../workflows/triage-issue';
import { correctSignal, githubEventSignal, stateQuery } from '../../workflows/definitions';
import { triageWorkflowId, type CorrectionInput, type GithubEvent, type TriageState } from '../../workflows/types';
import { TriageRepo, TriageStatus } from '../../workflows/search-attributes';
import type { TemporalClientProvider } from './connect';

export interface TriageClient {
  /** Resolves once Temporal has durably recorded the event (signal-with-start). */
  sendEvent(event: GithubEvent): Promise<{ workflowId: string }>;
  sendCorrection(issue: { repoId: number; repoFullName: string; number: number }, correction: CorrectionInput): Promise<{ workflowId: string }>;
  queryState(repoId: number, number: number): Promise<TriageState>;
}

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
    async sendEvent(event) {
      const options = startOptions(event.issue);
      await (await deps.temporal.get()).workflow.signalWithStart('triageIssue', { ...options, signal: githubEventSignal, signalArgs: [event] });
      return { workflowId: options.workflowId };
    },
    async sendCorrection(issue, correction) {
      const options = startOptions(issue);
      await (await deps.temporal.get()).workflow.signalWithStart('triageIssue', { ...options, signal: correctSignal, signalArgs: [correction] });
      return { workflowId: options.workflowId };
    },
    async queryState(repoId, number) {
      const client = await deps.temporal.get();
      return client.workflow.getHandle(triageWorkflowId(repoId, number)).query(stateQuery);
    },
  };
}
