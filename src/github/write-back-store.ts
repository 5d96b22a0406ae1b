import type { Pool } from '../db/pool';
import { scopeCondition, type ReadScope } from '../issues/visibility';

// The SQL of write-back: its record per issue and the repo config cache. Who put what on an issue is the
// ledger's (ledger-store.ts).

export const WRITE_BACK_STATUSES = ['dry-run', 'written', 'up-to-date', 'awaiting-review', 'skipped', 'failed'] as const;
export type WriteBackStatus = (typeof WRITE_BACK_STATUSES)[number];

export interface WriteBackRecord {
  status: WriteBackStatus;
  dryRun: boolean;
  labelsWanted: string[];
  labelsAdded: string[];
  /** Labels the triage had put on the issue and no longer maps to, taken off (or, in a dry run, would be). */
  labelsRemoved: string[];
  /** What happened to the issue type; null when the repository maps no categories to types. */
  issueType: IssueTypeOutcome | null;
  comment: string | null;
  commentPosted: boolean;
  reason: string | null;
  reviewDeadline: string | null;
  updatedAt?: string;
}

export interface IssueTypeOutcome {
  /** The type the triage's category maps to (null: none). */
  wanted: string | null;
  /** The type on the issue before this write-back, and after it. */
  before: string | null;
  after: string | null;
  /** set, replaced, cleared (Triageflow's own type no longer fits), kept (a person's, or already right), or failed. */
  outcome: 'set' | 'replaced' | 'cleared' | 'kept' | 'none' | 'failed';
  reason: string | null;
}

export interface CachedRepoConfig {
  config: unknown;
  error: string | null;
  fresh: boolean;
}

export interface WriteBackStore {
  save(repoId: number, number: number, record: WriteBackRecord): Promise<void>;
  /** Marks the last write-back failed (its retries ran out), keeping what it had planned. */
  markFailed(repoId: number, number: number, reason: string): Promise<void>;
  get(repoId: number, number: number): Promise<WriteBackRecord | undefined>;
  /** Issues whose write-back waits for a person, oldest first. */
  reviewQueue(repoFullName: string | undefined, limit: number, scope?: ReadScope): Promise<{ repo: string; number: number; title: string; record: WriteBackRecord }[]>;
  cachedConfig(repoFullName: string, ttlMs: number): Promise<CachedRepoConfig | undefined>;
  cacheConfig(repoFullName: string, config: unknown, error: string | null): Promise<void>;
  markConfigStale(repoFullName: string): Promise<void>;
}

type Row = { status: WriteBackStatus; dry_run: boolean; labels_wanted: string[]; labels_added: string[]; labels_removed: string[]; issue_type: IssueTypeOutcome | null; comment: string | null; comment_posted: boolean; reason: string | null; review_deadline: Date | null; updated_at: Date };
const toRecord = (r: Row): WriteBackRecord => ({
  status: r.status, dryRun: r.dry_run, labelsWanted: r.labels_wanted, labelsAdded: r.labels_added, labelsRemoved: r.labels_removed, issueType: r.issue_type, comment: r.comment, commentPosted: r.comment_posted,
  reason: r.reason, reviewDeadline: r.review_deadline?.toISOString() ?? null, updatedAt: r.updated_at.toISOString(),
});

export function createWriteBackStore(pool: Pool): WriteBackStore {
  return {
    async save(repoId, number, r) {
      await pool.query(
        `INSERT INTO github_write_back (repo_id, number, status, dry_run, labels_wanted, labels_added, comment, comment_posted, reason, review_deadline, labels_removed, issue_type)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
         ON CONFLICT (repo_id, number) DO UPDATE SET status = EXCLUDED.status, dry_run = EXCLUDED.dry_run, labels_wanted = EXCLUDED.labels_wanted,
           labels_added = EXCLUDED.labels_added, labels_removed = EXCLUDED.labels_removed, issue_type = EXCLUDED.issue_type, comment = EXCLUDED.comment,
           comment_posted = github_write_back.comment_posted OR EXCLUDED.comment_posted,
           reason = EXCLUDED.reason, review_deadline = EXCLUDED.review_deadline, updated_at = now()`,
        [repoId, number, r.status, r.dryRun, JSON.stringify(r.labelsWanted), JSON.stringify(r.labelsAdded), r.comment, r.commentPosted, r.reason, r.reviewDeadline,
          JSON.stringify(r.labelsRemoved), r.issueType ? JSON.stringify(r.issueType) : null],
      );
    },
    async markFailed(repoId, number, reason) {
      await pool.query(
        `INSERT INTO github_write_back (repo_id, number, status, dry_run, reason) VALUES ($1, $2, 'failed', false, $3)
         ON CONFLICT (repo_id, number) DO UPDATE SET status = 'failed', reason = EXCLUDED.reason, review_deadline = NULL, updated_at = now()`,
        [repoId, number, reason],
      );
    },
    async get(repoId, number) {
      const { rows } = await pool.query<Row>('SELECT * FROM github_write_back WHERE repo_id = $1 AND number = $2', [repoId, number]);
      return rows[0] && toRecord(rows[0]);
    },
    async reviewQueue(repoFullName, limit, scope) {
      const { rows } = await pool.query<Row & { repo_full_name: string; number: number; title: string }>(
        `SELECT w.*, i.repo_full_name, i.title FROM github_write_back w JOIN issues i ON i.repo_id = w.repo_id AND i.number = w.number
         WHERE w.status = 'awaiting-review' AND ($1::text IS NULL OR lower(i.repo_full_name) = lower($1)) AND ${scopeCondition(scope, 'i')}
         ORDER BY w.updated_at LIMIT $2`,
        [repoFullName ?? null, limit],
      );
      return rows.map((r) => ({ repo: r.repo_full_name, number: r.number, title: r.title, record: toRecord(r) }));
    },
    async cachedConfig(repoFullName, ttlMs) {
      const { rows } = await pool.query<{ config: unknown; error: string | null; fresh: boolean }>(
        `SELECT config, error, (NOT stale AND fetched_at > now() - make_interval(secs => $2::double precision / 1000)) AS fresh
         FROM github_repo_config WHERE repo_full_name = lower($1)`,
        [repoFullName, ttlMs],
      );
      return rows[0];
    },
    async cacheConfig(repoFullName, config, error) {
      await pool.query(
        `INSERT INTO github_repo_config (repo_full_name, config, error) VALUES (lower($1), $2, $3)
         ON CONFLICT (repo_full_name) DO UPDATE SET config = EXCLUDED.config, error = EXCLUDED.error, stale = false, fetched_at = now()`,
        [repoFullName, config === null ? null : JSON.stringify(config), error],
      );
    },
    async markConfigStale(repoFullName) {
      await pool.query('UPDATE github_repo_config SET stale = true WHERE repo_full_name = lower($1)', [repoFullName]);
    },
  };
}
