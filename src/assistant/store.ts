import type { Pool } from '../db/pool';
import type { MissingItem, MissingInfoItem } from '../domain/assistant';

// The SQL of the triage assistant (migration 030): its findings per issue, the assignments people
// changed, and the caches of collaborators' permissions and issue templates.

export interface AssistantRecord {
  missing: MissingItem[] | null;
  present: { item: MissingInfoItem; evidence: string }[] | null;
  infoSkipped: string | null;
  infoRequestedAt: string | null;
  infoCommentId: number | null;
  infoDryRun: boolean | null;
  infoResolvedAt: string | null;
  security: boolean;
  securityReasons: string[];
  securityCommentAt: string | null;
  owner: { team: string | null; logins: string[]; rule: number; matchedBy: string } | null;
  assigned: string[];
  assignedAt: string | null;
  assignSkipped: string | null;
  /** Assignment changes people made on GitHub, oldest first. */
  assignmentChanges: { actor: string | null; action: string; assignee: string; at: string }[];
  updatedAt: string | null;
}

export interface AssistantStore {
  get(repoId: number, number: number): Promise<AssistantRecord>;
  recordSecurity(repoId: number, number: number, security: boolean, reasons: string[]): Promise<void>;
  recordMissingInfo(repoId: number, number: number, found: { missing: MissingItem[]; present: AssistantRecord['present']; skipped: string | null }): Promise<void>;
  markInfoRequested(repoId: number, number: number, comment: { id: number | null; dryRun: boolean }): Promise<void>;
  markInfoResolved(repoId: number, number: number): Promise<void>;
  markSecurityComment(repoId: number, number: number): Promise<void>;
  recordOwner(repoId: number, number: number, owner: AssistantRecord['owner']): Promise<void>;
  recordAssigned(repoId: number, number: number, logins: string[], skipped: string | null): Promise<void>;
  recordAssignmentChange(repoId: number, number: number, change: { actor: string | null; action: string; assignee: string; deliveryId: string }): Promise<void>;
  /** Distinct owners (teams and logins) the rules gave issues, for the dashboard's filter. */
  owners(repoFullName?: string): Promise<{ teams: string[]; logins: string[] }>;
  cachedPermission(repoFullName: string, login: string, ttlMs: number): Promise<string | undefined>;
  cachePermission(repoFullName: string, login: string, permission: string): Promise<void>;
  cachedTemplates(repoFullName: string, ttlMs: number): Promise<{ templates: unknown; fresh: boolean } | undefined>;
  cacheTemplates(repoFullName: string, templates: unknown): Promise<void>;
  markTemplatesStale(repoFullName: string): Promise<void>;
}

type Row = {
  missing: MissingItem[] | null; present: AssistantRecord['present']; info_skipped: string | null; info_requested_at: Date | null; info_comment_id: string | null;
  info_dry_run: boolean | null; info_resolved_at: Date | null; security: boolean; security_reasons: string[]; security_comment_at: Date | null; owner_team: string | null;
  owner_logins: string[]; owner_rule: number | null; owner_matched_by: string | null; assigned: string[]; assigned_at: Date | null; assign_skipped: string | null; updated_at: Date;
};

const EMPTY: AssistantRecord = {
  missing: null, present: null, infoSkipped: null, infoRequestedAt: null, infoCommentId: null, infoDryRun: null, infoResolvedAt: null, security: false, securityReasons: [],
  securityCommentAt: null, owner: null, assigned: [], assignedAt: null, assignSkipped: null, assignmentChanges: [], updatedAt: null,
};
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function createAssistantStore(pool: Pool): AssistantStore {
  // Every write is an upsert of the columns it owns, so the assistant's steps never overwrite each other.
  const upsert = (repoId: number, number: number, set: Record<string, unknown>) => {
    const cols = Object.keys(set);
    return pool.query(
      `INSERT INTO assistant_issues (repo_id, number, ${cols.join(', ')}) VALUES ($1, $2, ${cols.map((_, i) => `$${i + 3}`).join(', ')})
       ON CONFLICT (repo_id, number) DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()`,
      [repoId, number, ...Object.values(set)],
    );
  };
  return {
    async get(repoId, number) {
      const [{ rows }, changes] = await Promise.all([
        pool.query<Row>('SELECT * FROM assistant_issues WHERE repo_id = $1 AND number = $2', [repoId, number]),
        pool.query<{ actor: string | null; action: string; assignee: string; at: Date }>('SELECT actor, action, assignee, at FROM assistant_assignment_changes WHERE repo_id = $1 AND number = $2 ORDER BY id', [repoId, number]),
      ]);
      const assignmentChanges = changes.rows.map((c) => ({ actor: c.actor, action: c.action, assignee: c.assignee, at: c.at.toISOString() }));
      const r = rows[0];
      if (!r) return { ...EMPTY, assignmentChanges };
      return {
        missing: r.missing, present: r.present, infoSkipped: r.info_skipped, infoRequestedAt: iso(r.info_requested_at), infoCommentId: r.info_comment_id === null ? null : Number(r.info_comment_id),
        infoDryRun: r.info_dry_run, infoResolvedAt: iso(r.info_resolved_at), security: r.security, securityReasons: r.security_reasons, securityCommentAt: iso(r.security_comment_at),
        owner: r.owner_rule === null ? null : { team: r.owner_team, logins: r.owner_logins, rule: r.owner_rule, matchedBy: r.owner_matched_by ?? '' },
        assigned: r.assigned, assignedAt: iso(r.assigned_at), assignSkipped: r.assign_skipped, assignmentChanges, updatedAt: r.updated_at.toISOString(),
      };
    },
    recordSecurity: async (repoId, number, security, reasons) => void (await upsert(repoId, number, { security, security_reasons: JSON.stringify(reasons) })),
    recordMissingInfo: async (repoId, number, f) => void (await upsert(repoId, number, { missing: JSON.stringify(f.missing), present: JSON.stringify(f.present), info_skipped: f.skipped })),
    async markInfoRequested(repoId, number, comment) {
      await upsert(repoId, number, { info_requested_at: new Date(), info_comment_id: comment.id, info_dry_run: comment.dryRun, info_resolved_at: null });
    },
    markInfoResolved: async (repoId, number) => void (await upsert(repoId, number, { info_resolved_at: new Date() })),
    markSecurityComment: async (repoId, number) => void (await upsert(repoId, number, { security_comment_at: new Date() })),
    async recordOwner(repoId, number, owner) {
      await upsert(repoId, number, { owner_team: owner?.team ?? null, owner_logins: JSON.stringify(owner?.logins ?? []), owner_rule: owner?.rule ?? null, owner_matched_by: owner?.matchedBy ?? null });
    },
    async recordAssigned(repoId, number, logins, skipped) {
      await upsert(repoId, number, logins.length ? { assigned: JSON.stringify(logins), assigned_at: new Date(), assign_skipped: null } : { assign_skipped: skipped });
    },
    async recordAssignmentChange(repoId, number, c) {
      await pool.query(
        'INSERT INTO assistant_assignment_changes (repo_id, number, actor, action, assignee, delivery_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (delivery_id) DO NOTHING',
        [repoId, number, c.actor, c.action, c.assignee, c.deliveryId],
      );
    },
    async owners(repoFullName) {
      const scope = 'FROM assistant_issues a JOIN issues i ON i.repo_id = a.repo_id AND i.number = a.number';
      const repo = '($1::text IS NULL OR lower(i.repo_full_name) = lower($1))';
      const [teams, logins] = await Promise.all([
        pool.query<{ v: string }>(`SELECT DISTINCT a.owner_team AS v ${scope} WHERE a.owner_team IS NOT NULL AND ${repo} ORDER BY 1`, [repoFullName ?? null]),
        pool.query<{ v: string }>(`SELECT DISTINCT l AS v ${scope}, jsonb_array_elements_text(a.owner_logins || a.assigned) l WHERE ${repo} ORDER BY 1`, [repoFullName ?? null]),
      ]);
      return { teams: teams.rows.map((r) => r.v), logins: logins.rows.map((r) => r.v) };
    },
    async cachedPermission(repoFullName, login, ttlMs) {
      const { rows } = await pool.query<{ permission: string }>(
        'SELECT permission FROM github_permissions WHERE repo_full_name = lower($1) AND login = lower($2) AND fetched_at > now() - make_interval(secs => $3::double precision / 1000)',
        [repoFullName, login, ttlMs],
      );
      return rows[0]?.permission;
    },
    async cachePermission(repoFullName, login, permission) {
      await pool.query(
        `INSERT INTO github_permissions (repo_full_name, login, permission) VALUES (lower($1), lower($2), $3)
         ON CONFLICT (repo_full_name, login) DO UPDATE SET permission = EXCLUDED.permission, fetched_at = now()`,
        [repoFullName, login, permission],
      );
    },
    async cachedTemplates(repoFullName, ttlMs) {
      const { rows } = await pool.query<{ templates: unknown; fresh: boolean }>(
        `SELECT templates, (NOT stale AND fetched_at > now() - make_interval(secs => $2::double precision / 1000)) AS fresh FROM github_issue_templates WHERE repo_full_name = lower($1)`,
        [repoFullName, ttlMs],
      );
      return rows[0];
    },
    async cacheTemplates(repoFullName, templates) {
      await pool.query(
        `INSERT INTO github_issue_templates (repo_full_name, templates) VALUES (lower($1), $2)
         ON CONFLICT (repo_full_name) DO UPDATE SET templates = EXCLUDED.templates, stale = false, fetched_at = now()`,
        [repoFullName, JSON.stringify(templates)],
      );
    },
    async markTemplatesStale(repoFullName) {
      await pool.query('UPDATE github_issue_templates SET stale = true WHERE repo_full_name = lower($1)', [repoFullName]);
    },
  };
}
