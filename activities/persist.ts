import type { Pool } from '../src/db/pool';
import type { Classification, SimilarIssue } from '../src/ai/types';
import { loadTriageState } from '../src/issues/reads';
import { saveCorrection, saveFacts, saveTriage, type DeliveryRef } from '../src/issues/writes';
import type { GithubEvent, IssueSnapshot, IssueStatus, TriageResult, TriageState } from '../workflows/types';

export type PersistInput =
  | { kind: 'triage'; event: GithubEvent; workflowId: string; contentHash: string; classification: Classification; similar: SimilarIssue[]; corrected: boolean }
  | { kind: 'facts'; event: GithubEvent; workflowId: string; status?: IssueStatus; reason?: string | null };

export interface CorrectionRecordInput {
  correctionId: string;
  repoId: number;
  number: number;
  actor: string;
  note?: string;
  before: Partial<TriageResult>;
  after: Partial<TriageResult>;
}

const deliveryOf = (event: GithubEvent, workflowId: string): DeliveryRef => ({ deliveryId: event.deliveryId, event: event.event, action: event.action, workflowId });

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

export function createPersistence(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    /** Stores what one GitHub event changed; the delivery is marked processed in the same transaction. */
    async persist(input: PersistInput): Promise<void> {
      await rememberLabels(pool, input.event);
      const issue: IssueSnapshot = input.event.issue;
      const delivery = deliveryOf(input.event, input.workflowId);
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
