import type { Request, Response } from 'express';
import { HttpError } from './http-error';
import { isSecurityReport } from '../domain/assistant';
import type { IssueReader } from '../issues/reads';
import type { IssueDetail } from '../issues/view';
import { isTokenHolder, readScope } from './read-auth';

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

/**
 * The issue of a `/api/issues/:owner/:repo/:number/…` route as this reader may see it; 400 for a bad
 * number, 404 for an unknown issue and for a security report shown to a reader without the token.
 */
export async function readableIssue(req: Request, res: Response, issues: IssueReader): Promise<IssueDetail> {
  const { owner, repo, number } = req.params as Record<string, string>;
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(400, 'The issue number must be a whole number from 1.');
  const stored = await issues.detail({ repoFullName: `${owner}/${repo}`, number: n }, readScope(res));
  const issue = stored && await forReader(res, issues, stored);
  if (!issue) throw new HttpError(404, `No issue ${owner}/${repo}#${n} is stored. Issues appear once their first webhook arrives.`);
  return issue;
}
