import type { Pool } from '../db/pool';

// The SQL of close-as-duplicate (migration 028): one row per issue that was, or would be, counted down.

export const DUPLICATE_CLOSE_STATUSES = ['dry-run', 'pending', 'objected', 'cancelled', 'closed', 'reopened', 'failed'] as const;
export type DuplicateCloseStatus = (typeof DUPLICATE_CLOSE_STATUSES)[number];

export interface DuplicateClose {
  duplicateOf: number;
  status: DuplicateCloseStatus;
  commentId: number | null;
  deadline: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DuplicateCloseStore {
  get(repoId: number, number: number): Promise<DuplicateClose | undefined>;
  /**
   * Starts a countdown, or records a dry run's. A countdown that ran already (whatever its end) is
   * kept: resolves false then, and nothing changes.
   */
  start(repoId: number, number: number, row: { duplicateOf: number; status: 'pending' | 'dry-run'; commentId: number | null; deadline: string | null }): Promise<boolean>;
  /** Ends a pending countdown (or a dry run's), with the reason; one already ended stays as it ended, unless `from` names its status. */
  finish(repoId: number, number: number, status: Exclude<DuplicateCloseStatus, 'pending' | 'dry-run'>, reason: string, from?: DuplicateCloseStatus[]): Promise<boolean>;
}

type Row = { duplicate_of: number; status: DuplicateCloseStatus; comment_id: string | null; deadline: Date | null; reason: string | null; created_at: Date; updated_at: Date };

export function createDuplicateCloseStore(pool: Pool): DuplicateCloseStore {
  return {
    async get(repoId, number) {
      const { rows } = await pool.query<Row>('SELECT * FROM github_duplicate_close WHERE repo_id = $1 AND number = $2', [repoId, number]);
      const r = rows[0];
      return r && {
        duplicateOf: r.duplicate_of, status: r.status, commentId: r.comment_id === null ? null : Number(r.comment_id), deadline: r.deadline?.toISOString() ?? null,
        reason: r.reason, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
      };
    },
    async start(repoId, number, row) {
      // A dry run's row gives way to a live countdown; every other row stays.
      const { rowCount } = await pool.query(
        `INSERT INTO github_duplicate_close (repo_id, number, duplicate_of, status, comment_id, deadline) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (repo_id, number) DO UPDATE SET duplicate_of = EXCLUDED.duplicate_of, status = EXCLUDED.status, comment_id = EXCLUDED.comment_id,
           deadline = EXCLUDED.deadline, reason = NULL, created_at = now(), updated_at = now()
         WHERE github_duplicate_close.status = 'dry-run'`,
        [repoId, number, row.duplicateOf, row.status, row.commentId, row.deadline],
      );
      return (rowCount ?? 0) > 0;
    },
    async finish(repoId, number, status, reason, from = ['pending', 'dry-run']) {
      const { rowCount } = await pool.query(
        'UPDATE github_duplicate_close SET status = $3, reason = $4, updated_at = now() WHERE repo_id = $1 AND number = $2 AND status = ANY($5::text[])',
        [repoId, number, status, reason, from],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}
