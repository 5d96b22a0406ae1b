import type { Pool } from '../db/pool';
import type { PoolClient } from 'pg';
import { inTransaction } from '../db/transaction';
import type { Classification, SimilarIssue } from '../ai/types';
import type { IssueSnapshot, IssueStatus, TriageResult } from '../../workflows/types';

// Every write is an upsert keyed by business ids, so a retried activity changes nothing the second time.

export interface DeliveryRef {
  /** The delivery whose facts are stored. */
  deliveryId: string;
  /** Every delivery this write settles: marked processed in the inbox with it. */
  handled: string[];
  workflowId: string;
}

/** Upserts the issue's GitHub facts and returns its row id. `status` only moves when given. */
async function upsertIssue(c: PoolClient, workflowId: string, s: IssueSnapshot, extra: { status?: IssueStatus; reason?: string | null; contentHash?: string }): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO issues (repo_id, repo_full_name, number, github_id, workflow_id, title, body, author, url, state, github_labels,
                         reactions, comments_count, status, invalid_reason, content_hash, last_activity_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,COALESCE($14,'pending'),$15,$16, now())
     ON CONFLICT (repo_id, number) DO UPDATE SET
       repo_full_name = EXCLUDED.repo_full_name, github_id = EXCLUDED.github_id, title = EXCLUDED.title, body = EXCLUDED.body,
       author = EXCLUDED.author, url = EXCLUDED.url, state = EXCLUDED.state, github_labels = EXCLUDED.github_labels,
       reactions = EXCLUDED.reactions, comments_count = GREATEST(issues.comments_count, EXCLUDED.comments_count),
       status = COALESCE($14, issues.status),
       invalid_reason = CASE WHEN $14::text IS NULL THEN issues.invalid_reason ELSE $15 END,
       content_hash = COALESCE($16, issues.content_hash),
       last_activity_at = now(), updated_at = now()
     RETURNING id`,
    [s.repoId, s.repoFullName, s.number, s.githubId, workflowId, s.title, s.body, s.author, s.url, s.state, JSON.stringify(s.labels),
      s.reactions, s.commentsCount, extra.status ?? null, extra.reason ?? null, extra.contentHash ?? null],
  );
  return rows[0]!.id;
}

async function markDelivery(c: PoolClient | Pool, d: Pick<DeliveryRef, 'handled'>): Promise<void> {
  await c.query('UPDATE webhook_inbox SET processed_at = COALESCE(processed_at, now()) WHERE delivery_id = ANY($1::text[])', [d.handled]);
}

/** Records deliveries as handled when they changed nothing (older than what is stored). */
export async function markHandled(pool: Pool, handled: string[]): Promise<void> {
  await markDelivery(pool, { handled });
}

/** Stores a classification and the issue's new triage in one transaction with its delivery. */
export async function saveTriage(pool: Pool, input: { delivery: DeliveryRef; issue: IssueSnapshot; contentHash: string; classification: Classification; similar: SimilarIssue[]; corrected: boolean }): Promise<void> {
  const { classification: k } = input;
  await inTransaction(pool, async (c) => {
    // A corrected issue keeps what the person said; the new classification is still recorded in its history.
    const status: IssueStatus = input.corrected ? 'corrected' : 'triaged';
    const id = await upsertIssue(c, input.delivery.workflowId, input.issue, { status, reason: null, contentHash: input.contentHash });
    await c.query(
      `INSERT INTO classifications (issue_id, content_hash, delivery_id, category, priority, labels, confidence, rationale, duplicate_of,
                                    similar_issues, model, cached, tokens_in, tokens_out, cost_usd)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (issue_id, content_hash) DO NOTHING`,
      [id, input.contentHash, input.delivery.deliveryId, k.category, k.priority, JSON.stringify(k.labels), k.confidence, k.rationale,
        k.duplicateOf, JSON.stringify(input.similar), k.model, k.cached, k.usage.inputTokens, k.usage.outputTokens, k.usage.costUsd],
    );
    await c.query(
      `UPDATE issues SET similar_issues = $2,
         category = CASE WHEN corrected THEN category ELSE $3 END, priority = CASE WHEN corrected THEN priority ELSE $4 END,
         labels = CASE WHEN corrected THEN labels ELSE $5 END, confidence = $6, rationale = $7,
         duplicate_of = CASE WHEN corrected THEN duplicate_of ELSE $8 END, model = $9
       WHERE id = $1`,
      [id, JSON.stringify(input.similar), k.category, k.priority, JSON.stringify(k.labels), k.confidence, k.rationale, k.duplicateOf, k.model],
    );
    await markDelivery(c, input.delivery);
  });
}

/** Stores GitHub facts that need no classification (labels, state, comments, unchanged text, invalid input). */
export async function saveFacts(pool: Pool, input: { delivery: DeliveryRef; issue: IssueSnapshot; status?: IssueStatus; reason?: string | null }): Promise<void> {
  await inTransaction(pool, async (c) => {
    await upsertIssue(c, input.delivery.workflowId, input.issue, { status: input.status, reason: input.reason });
    await markDelivery(c, input.delivery);
  });
}

/** Applies a person's correction and writes its audit row; the correction id makes a retry harmless. */
export async function saveCorrection(pool: Pool, input: { correctionId: string; repoId: number; number: number; actor: string; note?: string; before: Partial<TriageResult>; after: Partial<TriageResult> }): Promise<void> {
  await inTransaction(pool, async (c) => {
    const { rows } = await c.query<{ id: number }>('SELECT id FROM issues WHERE repo_id = $1 AND number = $2 FOR UPDATE', [input.repoId, input.number]);
    const issueId = rows[0]?.id;
    if (issueId === undefined) throw new Error(`Issue ${input.repoId}#${input.number} is not stored; a correction needs a stored issue.`);
    const inserted = await c.query(
      `INSERT INTO corrections (correction_id, issue_id, actor, note, before, after) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (correction_id) DO NOTHING`,
      [input.correctionId, issueId, input.actor, input.note ?? null, JSON.stringify(input.before), JSON.stringify(input.after)],
    );
    if (inserted.rowCount === 0) return;
    const a = input.after;
    await c.query(
      `UPDATE issues SET corrected = true, status = CASE WHEN status IN ('closed','deleted') THEN status ELSE 'corrected' END,
         category = COALESCE($2, category), priority = COALESCE($3, priority), labels = COALESCE($4, labels),
         duplicate_of = CASE WHEN $5::boolean THEN $6 ELSE duplicate_of END, updated_at = now()
       WHERE id = $1`,
      [issueId, a.category ?? null, a.priority ?? null, a.labels ? JSON.stringify(a.labels) : null, 'duplicateOf' in a, a.duplicateOf ?? null],
    );
  });
}
