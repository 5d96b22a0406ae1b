import type { Pool } from '../db/pool';
import type { BacktestReport } from './backtest';

// Backtest results, one row a run; the dashboard and the `auto` duplicate threshold read the newest of
// each repository.

export interface StoredBacktest {
  repoId: number;
  repoFullName: string;
  ranAt: string;
  report: BacktestReport;
}

export interface BacktestStore {
  save(repoId: number, report: BacktestReport): Promise<void>;
  /** The newest backtest of every repository, by name. */
  latestAll(): Promise<StoredBacktest[]>;
  /** The automatic threshold of the repository's newest backtest, if it found one. */
  autoThreshold(repoId: number): Promise<number | null>;
}

interface Row { repo_id: string; repo_full_name: string; ran_at: Date; report: BacktestReport }

export function createBacktestStore(pool: Pool): BacktestStore {
  return {
    async save(repoId, report) {
      await pool.query(
        'INSERT INTO duplicate_backtests (repo_id, repo_full_name, ran_at, report) VALUES ($1, $2, $3, $4::jsonb)',
        [repoId, report.repo, report.ranAt, JSON.stringify(report)],
      );
    },
    async latestAll() {
      const { rows } = await pool.query<Row>(
        `SELECT DISTINCT ON (repo_id) repo_id, repo_full_name, ran_at, report FROM duplicate_backtests
          ORDER BY repo_id, ran_at DESC, id DESC`,
      );
      return rows
        .map((r) => ({ repoId: Number(r.repo_id), repoFullName: r.repo_full_name, ranAt: r.ran_at.toISOString(), report: r.report }))
        .sort((a, b) => a.repoFullName.localeCompare(b.repoFullName));
    },
    async autoThreshold(repoId) {
      const { rows } = await pool.query<{ auto: number | null }>(
        `SELECT (report -> 'threshold' ->> 'auto')::float8 AS auto FROM duplicate_backtests
          WHERE repo_id = $1 ORDER BY ran_at DESC, id DESC LIMIT 1`,
        [repoId],
      );
      return rows[0]?.auto ?? null;
    },
  };
}
