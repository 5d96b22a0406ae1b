import type { Pool } from '../src/db/pool';
import type { Classification, SimilarIssue } from '../src/ai/types';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import { loadTriageState } from '../src/issues/reads';
import { markHandled, saveCorrection, saveFacts, saveTriage, type DeliveryRef } from '../src/issues/writes';
import type { GithubEvent, IssueSnapshot, IssueStatus, TriageResult, TriageState } from '../workflows/types';
import { readDelivery } from './read-delivery';

/**
 * `deliveryId` is the delivery whose facts are stored; `handled` lists every delivery the step handled
 * (the queued ones it superseded too), all marked processed in the same transaction as the effect.
 */
export type PersistInput =
  | { kind: 'triage'; deliveryId: string; handled: string[]; workflowId: string; contentHash: string; classification: Classification; similar: SimilarIssue[]; corrected: boolean }
  | { kind: 'facts'; deliveryId: string; handled: string[]; workflowId: string; status?: IssueStatus; reason?: string | null }
  | { kind: 'handled'; handled: string[] };

export interface CorrectionRecordInput {
  correctionId: string;
  repoId: number;
  number: number;
  actor: string;
  note?: string;
  before: Partial<TriageResult>;
  after: Partial<TriageResult>;
}

async function rememberLabels(pool: Pool, event: GithubEvent): Promise<void> {
  const labels = event.repoLabels ?? [];
  if (labels.length === 0) return;
  await pool.query(
    `INSERT INTO repo_labels (repo_id, name, description)
     SELECT $1, l->>'name', l->>'description' FROM jsonb_array_elements($2::jsonb) AS l
     ON CONFLICT (repo_id, name) DO UPDATE SET description = COALESCE(EXCLUDED.description, repo_labels.description), updated_at = now()`,
    [event.issue.repoId, JSON.stringify(labels)],
  );
}

export function createPersistence(deps: { pool: Pool; deliveries: DeliveryReader }) {
  const { pool } = deps;
  return {
    /** Stores what GitHub events changed; the deliveries are marked processed in the same transaction. */
    async persist(input: PersistInput): Promise<void> {
      if (input.kind === 'handled') return markHandled(pool, input.handled);
      const event = await readDelivery(deps.deliveries, input.deliveryId);
      await rememberLabels(pool, event);
      const issue: IssueSnapshot = event.issue;
      const delivery: DeliveryRef = input;
      if (input.kind === 'triage') {
        await saveTriage(pool, { delivery, issue, contentHash: input.contentHash, classification: input.classification, similar: input.similar, corrected: input.corrected });
      } else {
        await saveFacts(pool, { delivery, issue, status: input.status, reason: input.reason });
      }
    },

    /** Applies a person's correction with its audit row (before, after, actor, time). */
    async persistCorrection(input: CorrectionRecordInput): Promise<void> {
      await saveCorrection(pool, input);
    },

    /** What the database knows of the issue, for a workflow that starts again after completing. */
    async loadState(input: { repoId: number; number: number }): Promise<Partial<TriageState> | null> {
      return (await loadTriageState(pool, input.repoId, input.number)) ?? null;
    },
  };
}
