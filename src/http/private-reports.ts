import type { Response } from 'express';
import { isSecurityReport } from '../domain/assistant';
import type { IssueReader } from '../issues/reads';
import type { IssueDetail } from '../issues/view';
import { isTokenHolder } from './read-auth';

// Security reports are shown to dashboard-token holders only, even under DASHBOARD_PUBLIC_READ: not the
// issue, and not its title in another issue's list of similar issues.

/** The issue as this reader may see it: null for a security report shown to a reader without the token. */
export async function forReader(res: Response, issues: IssueReader, detail: IssueDetail): Promise<IssueDetail | null> {
  return isTokenHolder(res) ? detail : publicDetail((repoId, numbers) => issues.securityReportsAmong(repoId, numbers), detail);
}

type SecurityLookup = (repoId: number, numbers: number[]) => Promise<Set<number>>;

/** The issue as anyone may see it: null for a security report, and without security reports among its similar issues. */
export async function publicDetail(securityReportsAmong: SecurityLookup, detail: IssueDetail): Promise<IssueDetail | null> {
  if (isSecurityReport(detail.triage)) return null;
  const similar = detail.similar ?? [];
  if (similar.length === 0) return detail;
  const hidden = await securityReportsAmong(detail.repoId, similar.map((s) => s.number));
  return hidden.size ? { ...detail, similar: similar.filter((s) => !hidden.has(s.number)) } : detail;
}
