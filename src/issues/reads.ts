import type { Pool } from '../db/pool';
import type { TriageState } from '../domain/triage-state';
import { toClassificationRecord, toCorrectionRecord, toSummary, triageOf, type IssueRow, type TemporalLink } from './row-mapping';
import type { IssueStatus } from '../domain/triage';
import type { IssueDetail, IssueList } from './view';
import { repoPrivateSql, scopeCondition, type ReadScope } from './visibility';

export type IssueKey = { repoId: number; number: number } | { repoFullName: string; number: number };

function whereKey(key: IssueKey): [string, unknown[]] {
  return 'repoId' in key
    ? ['repo_id = $1 AND number = $2', [key.repoId, key.number]]
    : ['lower(repo_full_name) = lower($1) AND number = $2', [key.repoFullName, key.number]];
}

export async function getIssueDetail(pool: Pool, key: IssueKey, link: TemporalLink, scope: ReadScope = 'all'): Promise<IssueDetail | undefined> {
  const [where, params] = whereKey(key);
  // One statement, so one snapshot: read apart, a triage saved between the reads showed its new
  // classification beside the issue's old triage and similar issues.
  const { rows } = await pool.query<IssueRow & { history: JsonRow<ClassificationRow>[]; audit: JsonRow<CorrectionRow>[] }>(
    `SELECT i.*, ${repoPrivateSql('i')} AS repo_private,
            (SELECT COALESCE(jsonb_agg(to_jsonb(c) ORDER BY c.id DESC), '[]')
               FROM (SELECT * FROM classifications WHERE issue_id = i.id ORDER BY id DESC LIMIT 50) c) AS history,
            (SELECT COALESCE(jsonb_agg(to_jsonb(k) ORDER BY k.id DESC), '[]')
               FROM (SELECT * FROM corrections WHERE issue_id = i.id ORDER BY id DESC LIMIT 100) k) AS audit
       FROM issues i WHERE ${where} AND ${scopeCondition(scope, 'i')} ORDER BY i.updated_at DESC LIMIT 1`,
    params,
  );
  const row = rows[0];
  if (!row) return undefined;
  const classifications = row.history.map((r) => toClassificationRecord(withDate(r)));
  const usage = classifications.reduce(
    (sum, c) => ({ inputTokens: sum.inputTokens + c.usage.inputTokens, outputTokens: sum.outputTokens + c.usage.outputTokens, costUsd: sum.costUsd + c.usage.costUsd }),
    { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
  return { ...toSummary(row, link), body: row.body, similar: row.similar_issues, classifications, corrections: row.audit.map((r) => toCorrectionRecord(withDate(r))), usage };
}

type ClassificationRow = Parameters<typeof toClassificationRecord>[0];
type CorrectionRow = Parameters<typeof toCorrectionRecord>[0];
/** A row as `to_jsonb` gives it: the same fields, with its timestamp as text. */
type JsonRow<T extends { created_at: Date }> = Omit<T, 'created_at'> & { created_at: string };

const withDate = <T extends { created_at: Date }>(r: JsonRow<T>): T => ({ ...r, created_at: new Date(r.created_at) }) as T;

export interface IssueFilters {
  repo?: string;
  category?: string;
  status?: IssueStatus;
  corrected?: boolean;
  /** A team or login the triage assistant's owner rules gave the issue, or that it assigned. */
  owner?: string;
  /** Leave out security reports (triage label `security`): readers without the dashboard token. */
  hideSecurity?: boolean;
  page: number;
  pageSize: number;
  /** Without the dashboard token under public read: public repositories only. */
  scope?: ReadScope;
}

export async function listIssues(pool: Pool, f: IssueFilters, link: TemporalLink): Promise<IssueList> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (f.repo) add('lower(repo_full_name) = lower(?)', f.repo);
  if (f.category) add('category = ?', f.category);
  if (f.status) add('status = ?', f.status);
  if (f.corrected !== undefined) add('corrected = ?', f.corrected);
  if (f.scope === 'public') conditions.push(scopeCondition(f.scope, 'issues'));
  if (f.owner) {
    // The owner's name is given once; the team and every login are compared with it case-insensitively.
    add(`EXISTS (SELECT 1 FROM assistant_issues a, LATERAL (SELECT lower(?) AS who) o WHERE a.repo_id = issues.repo_id AND a.number = issues.number
           AND (lower(a.owner_team) = o.who OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.owner_logins || a.assigned) l WHERE lower(l) = o.who)))`, f.owner);
  }
  if (f.hideSecurity) conditions.push("NOT (labels ? 'security')");
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues ${where}`, params);
  const { rows } = await pool.query<IssueRow>(
    `SELECT *, ${repoPrivateSql('issues')} AS repo_private FROM issues ${where} ORDER BY updated_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return { items: rows.map((r) => toSummary(r, link)), page: f.page, pageSize: f.pageSize, total: total.rows[0]?.n ?? 0 };
}

/** What a revived workflow knows about its issue: everything the database holds for it. */
export async function loadTriageState(pool: Pool, repoId: number, number: number): Promise<Partial<TriageState> | undefined> {
  const { rows } = await pool.query<IssueRow>('SELECT * FROM issues WHERE repo_id = $1 AND number = $2', [repoId, number]);
  const r = rows[0];
  if (!r) return undefined;
  return { title: r.title, status: r.status, state: r.state, contentHash: r.content_hash, triage: triageOf(r), corrected: r.corrected, reason: r.invalid_reason };
}

export interface ContentFacts {
  /** This exact text was already classified for this issue. */
  classified: boolean;
  /** The oldest older issue with exactly this text, an open one first; deleted and transferred ones never. */
  sameAs: { number: number; state: 'open' | 'closed' } | null;
}

/** Facts the exact-dedupe step needs: was this text classified for this issue, and does an older issue carry it? */
export async function contentFacts(pool: Pool, repoId: number, number: number, contentHash: string): Promise<ContentFacts> {
  const { rows } = await pool.query<{ classified: boolean; same_as: { number: number; state: 'open' | 'closed' } | null }>(
    `SELECT EXISTS (SELECT 1 FROM classifications c JOIN issues i ON i.id = c.issue_id WHERE i.repo_id = $1 AND i.number = $2 AND c.content_hash = $3) AS classified,
            (SELECT jsonb_build_object('number', number, 'state', state) FROM issues
              WHERE repo_id = $1 AND number < $2 AND content_hash = $3 AND state IN ('open', 'closed')
              ORDER BY state = 'open' DESC, number LIMIT 1) AS same_as`,
    [repoId, number, contentHash],
  );
  return { classified: rows[0]?.classified ?? false, sameAs: rows[0]?.same_as ?? null };
}

export async function issueStats(pool: Pool, scope: ReadScope = 'all'): Promise<{ total: number; byStatus: Record<string, number>; byCategory: Record<string, number> }> {
  const where = scopeCondition(scope, 'issues');
  const [s, c] = await Promise.all([
    pool.query<{ k: string; n: number }>(`SELECT status AS k, count(*)::int AS n FROM issues WHERE ${where} GROUP BY status`),
    pool.query<{ k: string; n: number }>(`SELECT COALESCE(category, 'unclassified') AS k, count(*)::int AS n FROM issues WHERE ${where} GROUP BY 1`),
  ]);
  const byStatus = Object.fromEntries(s.rows.map((r) => [r.k, r.n]));
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus, byCategory: Object.fromEntries(c.rows.map((r) => [r.k, r.n])) };
}

/** Which of these issues of a repository are security reports (their triage has the `security` label). */
export async function securityReportsAmong(pool: Pool, repoId: number, numbers: number[]): Promise<Set<number>> {
  if (numbers.length === 0) return new Set();
  const { rows } = await pool.query<{ number: number }>("SELECT number FROM issues WHERE repo_id = $1 AND number = ANY($2::int[]) AND labels ? 'security'", [repoId, numbers]);
  return new Set(rows.map((r) => r.number));
}

/** What the dashboard's API reads of issues; built once per process with the Temporal UI link. */
export interface IssueReader {
  list(filters: IssueFilters): Promise<IssueList>;
  /** `scope` 'public': undefined for an issue of a private repository, as for one never stored. */
  detail(key: IssueKey, scope?: ReadScope): Promise<IssueDetail | undefined>;
  stats(scope?: ReadScope): ReturnType<typeof issueStats>;
  securityReportsAmong(repoId: number, numbers: number[]): Promise<Set<number>>;
}

export function createIssueReader(pool: Pool, link: TemporalLink): IssueReader {
  return {
    list: (filters) => listIssues(pool, filters, link),
    detail: (key, scope) => getIssueDetail(pool, key, link, scope),
    stats: (scope) => issueStats(pool, scope),
    securityReportsAmong: (repoId, numbers) => securityReportsAmong(pool, repoId, numbers),
  };
}
