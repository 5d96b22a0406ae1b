import type { Pool } from '../db/pool';
import { computeAccuracy, type AccuracyReport, type AccuracyRow, type AccuracyWindow } from './accuracy';
import { scopeCondition, type ReadScope } from './visibility';
import { UNVERIFIED_SOURCE } from '../domain/correction';

/**
 * The prediction is the model's last classification before the first correction (what the triager
 * saw and judged); later classifications of a corrected issue go to its history only. A closed issue's
 * close time is its last activity, which the close event set.
 */
const rowsSql = (scope: ReadScope | undefined) => `
  SELECT to_char(date_trunc($2, p.created_at, 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS period_start, p.model,
         p.category AS p_category, p.priority AS p_priority, p.labels AS p_labels,
         i.category, i.priority, i.labels, i.corrected,
         (NOT i.corrected AND i.state = 'closed' AND COALESCE(i.last_activity_at, i.updated_at) < now() - $4 * interval '1 millisecond') AS confirmed_by_closing
    FROM issues i
    LEFT JOIN LATERAL (SELECT min(created_at) AS at FROM corrections c WHERE c.issue_id = i.id AND c.source <> '${UNVERIFIED_SOURCE}') fc ON true
    JOIN LATERAL (
      SELECT * FROM classifications c WHERE c.issue_id = i.id AND (fc.at IS NULL OR c.created_at <= fc.at)
       ORDER BY c.created_at DESC, c.id DESC LIMIT 1
    ) p ON true
   WHERE ($1::text IS NULL OR lower(i.repo_full_name) = lower($1)) AND p.created_at >= $3 AND ${scopeCondition(scope, 'i')}`;

export interface AccuracyQuery {
  repo?: string;
  window: AccuracyWindow;
  periods: number;
  gracePeriodMs: number;
  scope?: ReadScope;
}

export interface AccuracyReader {
  read(q: AccuracyQuery): Promise<AccuracyReport>;
}

export const createAccuracyReader = (pool: Pool): AccuracyReader => ({ read: (q) => readAccuracy(pool, q) });

export async function readAccuracy(pool: Pool, q: AccuracyQuery): Promise<AccuracyReport> {
  const range = await pool.query<{ start: string }>(
    `SELECT to_char(s, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS start
       FROM generate_series(date_trunc($1, now(), 'UTC') - ($2 - 1) * ('1 ' || $1)::interval, date_trunc($1, now(), 'UTC'), ('1 ' || $1)::interval) AS s`,
    [q.window, q.periods],
  );
  const starts = range.rows.map((r) => r.start);
  const { rows } = await pool.query(rowsSql(q.scope), [q.repo ?? null, q.window, starts[0], q.gracePeriodMs]);
  const mapped: AccuracyRow[] = rows.map((r) => ({
    periodStart: r.period_start,
    model: r.model,
    predicted: { category: r.p_category, priority: r.p_priority, labels: r.p_labels ?? [] },
    final: { category: r.category, priority: r.priority, labels: r.labels ?? [] },
    corrected: r.corrected,
    confirmedByClosing: r.confirmed_by_closing,
  }));
  return computeAccuracy(mapped, starts, q.window, q.gracePeriodMs);
}
