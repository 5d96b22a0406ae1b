import type { Pool } from '../db/pool';
import { inTransaction } from '../db/transaction';
import type { Classification, IssueStatus, SimilarIssue, TriageResult } from '../domain/triage';
import type { IssueSnapshot } from '../domain/github-event';
import { UNVERIFIED_SOURCE, type CorrectionSource } from '../domain/correction';

// Every write is an upsert keyed by business ids, so a retried activity changes nothing the second time.

export interface DeliveryRef {
  /** The delivery whose facts are stored. */
  deliveryId: string;
  /** Every delivery this write settles: marked processed in the inbox with it. */
  handled: string[];
  workflowId: string;
}

// Each write below is one statement: the issue upsert, the classification and the inbox's processed
// marks as data-modifying CTEs. A statement is atomic like a transaction, and it holds the embedded
// database's single backend for one round trip instead of one per statement (see db/session-queue.ts).

const ISSUE_COLUMNS = `repo_id, repo_full_name, number, github_id, workflow_id, title, body, author, url, state, github_labels,
  reactions, comments_count, status, invalid_reason, content_hash, last_activity_at`;
// $1..$16: the facts, then status, reason and content hash; `status` only moves when given.
const ISSUE_VALUES = `$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,COALESCE($14,'pending'),$15,$16, now()`;
const ISSUE_UPDATE = `repo_full_name = EXCLUDED.repo_full_name, github_id = EXCLUDED.github_id, title = EXCLUDED.title, body = EXCLUDED.body,
  author = EXCLUDED.author, url = EXCLUDED.url, state = EXCLUDED.state, github_labels = EXCLUDED.github_labels,
  reactions = EXCLUDED.reactions, comments_count = GREATEST(issues.comments_count, EXCLUDED.comments_count),
  status = COALESCE($14, issues.status),
  invalid_reason = CASE WHEN $14::text IS NULL THEN issues.invalid_reason ELSE $15 END,
  content_hash = COALESCE($16, issues.content_hash),
  last_activity_at = now(), updated_at = now()`;
const MARK_HANDLED = (param: string) => `UPDATE webhook_inbox SET processed_at = COALESCE(processed_at, now()) WHERE delivery_id = ANY(${param}::text[])`;
// The repository's visibility as the delivery said it ($1, $2: its id and name), kept only when no
// later-received delivery said otherwise: a backlog forwarded late must not make a repository public again.
const REMEMBER_REPOSITORY = (isPrivate: string, deliveryId: string) => `INSERT INTO repositories (repo_id, full_name, private, as_of)
  VALUES ($1, $2, ${isPrivate}, COALESCE((SELECT received_at FROM webhook_inbox WHERE delivery_id = ${deliveryId}), now()))
  ON CONFLICT (repo_id) DO UPDATE SET full_name = EXCLUDED.full_name, private = EXCLUDED.private, as_of = EXCLUDED.as_of
  WHERE repositories.as_of <= EXCLUDED.as_of`;

function issueParams(workflowId: string, s: IssueSnapshot, extra: { status?: IssueStatus; reason?: string | null; contentHash?: string }): unknown[] {
  return [s.repoId, s.repoFullName, s.number, s.githubId, workflowId, s.title, s.body, s.author, s.url, s.state, JSON.stringify(s.labels),
    s.reactions, s.commentsCount, extra.status ?? null, extra.reason ?? null, extra.contentHash ?? null];
}

/** Records deliveries as handled when they changed nothing (older than what is stored). */
export async function markHandled(pool: Pool, handled: string[]): Promise<void> {
  await pool.query(MARK_HANDLED('$1'), [handled]);
}

export interface SaveTriageInput {
  delivery: DeliveryRef;
  issue: IssueSnapshot;
  contentHash: string;
  /** The issue's triage as the workflow computed it, written as it is. */
  triage: TriageResult;
  status: IssueStatus;
  /** What the model answered for this text, kept in the classification history. */
  classification: Classification;
  similar: SimilarIssue[];
}

/** Stores the issue's new triage and the model's answer with its deliveries marked processed. */
export async function saveTriage(pool: Pool, input: SaveTriageInput): Promise<void> {
  const { classification: k, triage: t } = input;
  await pool.query(
    `WITH up AS (
       INSERT INTO issues (${ISSUE_COLUMNS}, category, priority, labels, confidence, rationale, duplicate_of, similar_issues, model)
       VALUES (${ISSUE_VALUES}, $17, $18, $19, $20, $21, $22, $23, $24)
       ON CONFLICT (repo_id, number) DO UPDATE SET ${ISSUE_UPDATE}, similar_issues = EXCLUDED.similar_issues,
         category = EXCLUDED.category, priority = EXCLUDED.priority, labels = EXCLUDED.labels, duplicate_of = EXCLUDED.duplicate_of,
         confidence = EXCLUDED.confidence, rationale = EXCLUDED.rationale, model = EXCLUDED.model
       RETURNING id),
     classified AS (
       INSERT INTO classifications (issue_id, content_hash, delivery_id, category, priority, labels, confidence, rationale, duplicate_of,
                                    similar_issues, model, cached, tokens_in, tokens_out, cost_usd)
       SELECT id, $16, $25, $26, $27, $28, $29, $30, $31, $23, $32, $33, $34, $35, $36 FROM up
       ON CONFLICT (issue_id, content_hash) DO NOTHING),
     handled AS (${MARK_HANDLED('$37')}),
     repo AS (${REMEMBER_REPOSITORY('$38', '$25')})
     SELECT id FROM up`,
    [...issueParams(input.delivery.workflowId, input.issue, { status: input.status, reason: null, contentHash: input.contentHash }),
      t.category, t.priority, JSON.stringify(t.labels), t.confidence, t.rationale, t.duplicateOf, JSON.stringify(input.similar), t.model,
      input.delivery.deliveryId, k.category, k.priority, JSON.stringify(k.labels), k.confidence, k.rationale, k.duplicateOf, k.model,
      k.cached, k.usage.inputTokens, k.usage.outputTokens, k.usage.costUsd, input.delivery.handled, input.issue.repoPrivate ?? true],
  );
}

/** Stores GitHub facts that need no classification (labels, state, comments, unchanged text, invalid input). */
export interface SaveFactsInput {
  delivery: DeliveryRef;
  issue: IssueSnapshot;
  status?: IssueStatus;
  reason?: string | null;
}

export async function saveFacts(pool: Pool, input: SaveFactsInput): Promise<void> {
  await pool.query(
    `WITH up AS (INSERT INTO issues (${ISSUE_COLUMNS}) VALUES (${ISSUE_VALUES}) ON CONFLICT (repo_id, number) DO UPDATE SET ${ISSUE_UPDATE} RETURNING id),
     handled AS (${MARK_HANDLED('$17')}),
     repo AS (${REMEMBER_REPOSITORY('$18', '$19')})
     SELECT id FROM up`,
    [...issueParams(input.delivery.workflowId, input.issue, { status: input.status, reason: input.reason }), input.delivery.handled, input.issue.repoPrivate ?? true, input.delivery.deliveryId],
  );
}

export interface SaveCorrectionInput {
  correctionId: string;
  repoId: number;
  number: number;
  actor: string;
  note?: string;
  /** 'dashboard' unless the correction was a person's label edit on GitHub. */
  source?: CorrectionSource;
  before: Partial<TriageResult>;
  after: Partial<TriageResult>;
  /** The triage and status after the correction, as the workflow computed them. */
  triage: TriageResult | null;
  status: IssueStatus;
  /** The workflow run applying it: a retry in the same run is the same application, another run's is not. */
  runId?: string;
}

/**
 * `applied-by-another-run`: the correction id was stored by an earlier run of the issue's workflow (it
 * completed, and the same correction was sent again): its effect is in the database already.
 */
export type SaveCorrectionOutcome = 'applied' | 'applied-by-another-run';

/** Stores a person's correction with its audit row; the correction id makes a retry harmless. */
export async function saveCorrection(pool: Pool, input: SaveCorrectionInput): Promise<SaveCorrectionOutcome> {
  return inTransaction(pool, async (c): Promise<SaveCorrectionOutcome> => {
    const { rows } = await c.query<{ id: number }>('SELECT id FROM issues WHERE repo_id = $1 AND number = $2 FOR UPDATE', [input.repoId, input.number]);
    const issueId = rows[0]?.id;
    if (issueId === undefined) throw new Error(`Issue ${input.repoId}#${input.number} is not stored; a correction needs a stored issue.`);
    const inserted = await c.query(
      `INSERT INTO corrections (correction_id, issue_id, actor, note, before, after, source, run_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (correction_id) DO NOTHING`,
      [input.correctionId, issueId, input.actor, input.note ?? null, JSON.stringify(input.before), JSON.stringify(input.after), input.source ?? 'dashboard', input.runId ?? null],
    );
    if (inserted.rowCount === 0) {
      const { rows: stored } = await c.query<{ run_id: string | null }>('SELECT run_id FROM corrections WHERE correction_id = $1', [input.correctionId]);
      return input.runId !== undefined && stored[0]?.run_id === input.runId ? 'applied' : 'applied-by-another-run';
    }
    const t = input.triage;
    await c.query(
      t
        ? `UPDATE issues SET corrected = true, status = $2, category = $3, priority = $4, labels = $5, confidence = $6, rationale = $7,
             duplicate_of = $8, model = $9, updated_at = now() WHERE id = $1`
        : 'UPDATE issues SET corrected = true, status = $2, updated_at = now() WHERE id = $1',
      t ? [issueId, input.status, t.category, t.priority, JSON.stringify(t.labels), t.confidence, t.rationale, t.duplicateOf, t.model] : [issueId, input.status],
    );
    return 'applied';
  });
}

export interface UnverifiedNoteInput {
  correctionId: string;
  repoId: number;
  number: number;
  actor: string;
  note: string;
}

/**
 * A label edit by someone GitHub does not say may triage: a line in the issue's audit trail that changes
 * nothing (no triage, no `corrected`, nothing learned). An issue not stored yet has no trail to add it to.
 */
export async function saveUnverifiedNote(pool: Pool, input: UnverifiedNoteInput): Promise<void> {
  await pool.query(
    `INSERT INTO corrections (correction_id, issue_id, actor, note, before, after, source)
     SELECT $1, id, $4, $5, '{}', '{}', '${UNVERIFIED_SOURCE}' FROM issues WHERE repo_id = $2 AND number = $3
     ON CONFLICT (correction_id) DO NOTHING`,
    [input.correctionId, input.repoId, input.number, input.actor, input.note],
  );
}
