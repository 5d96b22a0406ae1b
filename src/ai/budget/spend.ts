import type { Pool } from '../../db/pool';

// Today's model spend, from the cost accounting every classification already carries (tokens and USD
// per row of `classifications`). A paid call is a row with tokens: the offline model and cache hits
// have none. Days are UTC days. Calls in flight are not yet rows, so a burst can pass a cap by as many
// calls as run at once (a worker's activity slots); the next call after them is refused.

export interface SpendToday {
  /** USD the repository's classifications cost since 00:00 UTC. */
  repoUsd: number;
  /** Paid classifications of issues by this author since 00:00 UTC, across repositories. */
  authorCalls: number;
}

export interface SpendReader {
  today(repoId: number, author: string | null): Promise<SpendToday>;
}

export function createSpendReader(pool: Pool): SpendReader {
  return {
    async today(repoId, author) {
      const { rows } = await pool.query<{ repo_usd: number; author_calls: number }>(
        `WITH today AS (
           SELECT i.repo_id, i.author, c.cost_usd FROM classifications c JOIN issues i ON i.id = c.issue_id
            WHERE c.created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AND c.tokens_in + c.tokens_out > 0)
         SELECT COALESCE(sum(cost_usd) FILTER (WHERE repo_id = $1), 0)::float8 AS repo_usd,
                count(*) FILTER (WHERE author = $2)::int AS author_calls
           FROM today`,
        [repoId, author],
      );
      return { repoUsd: Number(rows[0]?.repo_usd ?? 0), authorCalls: rows[0]?.author_calls ?? 0 };
    },
  };
}
