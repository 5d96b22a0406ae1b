import type { Pool } from '../db/pool';

// Where each backfill run stands (migration 011): the next page to read and its counts, so an
// interrupted run resumes there. A run is a repository and a `since`.

export interface BackfillRun {
  repoFullName: string;
  /** The `since` it was started with, or '' for the whole history. */
  since: string;
}

export interface SavedProgress {
  nextPage: number;
  done: boolean;
  seen: number;
  trained: number;
  queued: number;
}

export interface BackfillProgressStore {
  /** The run's saved place, recorded at page 1 when it is new. */
  start(run: BackfillRun): Promise<SavedProgress>;
  save(run: BackfillRun, progress: SavedProgress): Promise<void>;
}

interface Row { next_page: number; done: boolean; seen: number; trained: number; queued: number }

export function createBackfillProgressStore(pool: Pool): BackfillProgressStore {
  const key = (run: BackfillRun) => [run.repoFullName.toLowerCase(), run.since];
  return {
    async start(run) {
      await pool.query('INSERT INTO github_backfill (repo_full_name, since) VALUES ($1, $2) ON CONFLICT DO NOTHING', key(run));
      const { rows } = await pool.query<Row>('SELECT next_page, done, seen, trained, queued FROM github_backfill WHERE repo_full_name = $1 AND since = $2', key(run));
      const r = rows[0]!;
      return { nextPage: r.next_page, done: r.done, seen: r.seen, trained: r.trained, queued: r.queued };
    },
    async save(run, p) {
      await pool.query(
        'UPDATE github_backfill SET next_page = $3, done = $4, seen = $5, trained = $6, queued = $7, updated_at = now() WHERE repo_full_name = $1 AND since = $2',
        [...key(run), p.nextPage, p.done, p.seen, p.trained, p.queued],
      );
    },
  };
}
