import type { Classification, IssueStatus, SimilarIssue, TriageResult } from '../src/domain/triage';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import { Context } from '@temporalio/activity';
import type { DeliveryRef, SaveCorrectionInput, SaveCorrectionOutcome } from '../src/issues/writes';
import type { TriageState } from '../src/domain/triage-state';
import { readDelivery } from './read-delivery';

/**
 * `deliveryId` is the delivery whose facts are stored; `handled` lists every delivery the step handled
 * (the queued ones it superseded too), all marked processed in the same statement as the effect. The
 * triage and status are the workflow's reducers' result (src/domain/triage-rules.ts), written as they are.
 */
export type PersistInput =
  | { kind: 'triage'; deliveryId: string; handled: string[]; workflowId: string; contentHash: string; triage: TriageResult; status: IssueStatus; classification: Classification; similar: SimilarIssue[] }
  | { kind: 'facts'; deliveryId: string; handled: string[]; workflowId: string; status?: IssueStatus; reason?: string | null }
  | { kind: 'handled'; handled: string[] };

/** The workflow run an activity works for; undefined outside an activity (a direct call in a test). */
function currentRunId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.runId;
  } catch {
    return undefined;
  }
}

export function createPersistence(deps: { issues: IssueStore; deliveries: DeliveryReader }) {
  const { issues } = deps;
  return {
    /** Stores what GitHub events changed; the deliveries are marked processed with it. */
    async persist(input: PersistInput): Promise<void> {
      if (input.kind === 'handled') return issues.markHandled(input.handled);
      const event = await readDelivery(deps.deliveries, input.deliveryId);
      await issues.rememberLabels(event.issue.repoId, event.repoLabels ?? []);
      const delivery: DeliveryRef = input;
      if (input.kind === 'triage') {
        const { contentHash, triage, status, classification, similar } = input;
        await issues.saveTriage({ delivery, issue: event.issue, contentHash, triage, status, classification, similar });
      } else {
        await issues.saveFacts({ delivery, issue: event.issue, status: input.status, reason: input.reason });
      }
    },

    /**
     * Stores a person's correction with its audit row (before, after, actor, time) and the triage it leads
     * to, under the run applying it: a correction id an earlier run already applied changes nothing.
     */
    async persistCorrection(input: SaveCorrectionInput): Promise<SaveCorrectionOutcome> {
      return issues.saveCorrection({ ...input, runId: currentRunId() });
    },

    /** What the database knows of the issue, for a workflow that starts again after completing. */
    async loadState(input: { repoId: number; number: number }): Promise<Partial<TriageState> | null> {
      return (await issues.loadState(input.repoId, input.number)) ?? null;
    },
  };
}
