import { randomUUID } from 'node:crypto';
import { idempotentCorrectionId } from './idempotency';
import express, { type Request } from 'express';
import type { Logger } from '../log';
import type { CacheStats } from '../ai/types';
import type { IssueReader } from '../issues/reads';
import type { IssueStatus } from '../domain/triage';
import type { TriageClient } from '../temporal/triage-client';
import type { InboxStore } from '../inbox/store';
import type { CorrectionRequests } from '../issues/correction-requests';
import { requireDashboardToken } from './auth';
import { correctionBody, describeProblems } from './correction-body';
import { HttpError } from './http-error';
import { readScope } from './read-auth';
import type { ReadScope } from '../issues/visibility';
import { correctionProblem } from '../domain/triage-rules';
import { isTokenHolder } from './read-auth';
import { forReader } from './private-reports';
import type { SweepStatus } from '../sweep/status';

export interface ApiDeps {
  issues: IssueReader;
  triage: TriageClient;
  inbox: InboxStore;
  correctionRequests: CorrectionRequests;
  dashboardToken: string;
  cacheStats: () => Promise<CacheStats>;
  log: Logger;
  /** Notifications by status (the triage assistant); the key is left out without it. */
  notifications?: { counts(): Promise<Record<string, number>> };
  sweepStatus?: () => Promise<SweepStatus>;
}

const STATUSES: IssueStatus[] = ['pending', 'triaged', 'invalid', 'failed', 'corrected', 'closed', 'deleted'];

function positiveInt(value: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HttpError(400, `${name} must be a whole number from 1 to ${max}.`);
  return n;
}

function issueKey(req: Request) {
  const { owner, repo, number } = req.params as Record<string, string>;
  return { repoFullName: `${owner}/${repo}`, number: positiveInt(number, 'The issue number', 0) };
}

export function createApiRouter(deps: ApiDeps): express.Router {
  const router = express.Router();
  const wrap = (fn: (req: Request, res: express.Response) => Promise<void>) => (req: Request, res: express.Response, next: express.NextFunction) => {
    fn(req, res).catch(next);
  };

  router.get('/api/issues', wrap(async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.status && !STATUSES.includes(q.status as IssueStatus)) throw new HttpError(400, `status must be one of ${STATUSES.join(', ')}.`);
    if (q.corrected && !['true', 'false'].includes(q.corrected)) throw new HttpError(400, 'corrected must be true or false.');
    const list = await deps.issues.list({
      repo: q.repo || undefined,
      category: q.category || undefined,
      status: (q.status as IssueStatus) || undefined,
      corrected: q.corrected === undefined ? undefined : q.corrected === 'true',
      owner: q.owner?.trim() || undefined,
      hideSecurity: !isTokenHolder(res),
      page: positiveInt(q.page, 'page', 1),
      pageSize: positiveInt(q.pageSize, 'pageSize', 50, 200),
      scope: readScope(res),
    });
    res.json(list);
  }));

  router.get('/api/issues/:owner/:repo/:number', wrap(async (req, res) => {
    const key = issueKey(req);
    const stored = await deps.issues.detail(key, readScope(res));
    // A security report is "not stored" for a reader without the token: its existence is not told either.
    const detail = stored && await forReader(res, deps.issues, stored);
    if (!detail) throw new HttpError(404, `No issue ${key.repoFullName}#${key.number} is stored. Issues appear once their first webhook arrives.`);
    res.json(detail);
  }));

  router.post('/api/issues/:owner/:repo/:number/corrections', requireDashboardToken(deps.dashboardToken), express.json({ limit: '64kb' }), wrap(async (req, res) => {
    const key = issueKey(req);
    const parsed = correctionBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpError(400, `Invalid correction: ${describeProblems(parsed.error)}.`);
    const issue = await deps.issues.detail(key);
    if (!issue) throw new HttpError(404, `No issue ${key.repoFullName}#${key.number} is stored, so there is nothing to correct.`);
    // The workflow applies the same rules; checking here turns a correction it would ignore into a clear 400.
    const { correctionId: clientId, ...body } = parsed.data;
    const problem = correctionProblem({ correctionId: '', ...body }, issue.triage);
    if (problem) throw new HttpError(400, `Invalid correction: ${problem}.`);
    const headerKey = req.get('idempotency-key')?.trim();
    const idempotencyKey = headerKey || clientId;
    const correctionId = idempotencyKey ? idempotentCorrectionId(issue.repoId, issue.number, idempotencyKey) : randomUUID();
    if (idempotencyKey && (await deps.correctionRequests.claim(correctionId, body)) === 'different') {
      const named = headerKey ? `Idempotency-Key "${idempotencyKey}"` : `correctionId "${idempotencyKey}"`;
      throw new HttpError(422, `${named} was already used for a different correction of ${issue.repo}#${issue.number}; that one stands and this one was not applied. Send a new key for a new correction.`);
    }
    const { workflowId } = await deps.triage
      .sendCorrection({ repoId: issue.repoId, repoFullName: issue.repo, number: issue.number }, { correctionId, ...body })
      .catch((err: unknown) => {
        deps.log.error({ err }, 'Temporal did not accept the correction');
        throw new HttpError(503, 'The correction could not be recorded because Temporal is unavailable; nothing was changed. Try again shortly.');
      });
    deps.log.info({ workflowId, correctionId, actor: parsed.data.actor }, 'correction accepted');
    res.status(202).json({ accepted: true, correctionId, workflowId });
  }));

  router.get('/api/stats', wrap(async (_req, res) => {
    const scope = readScope(res);
    // The sweep's status names repositories: a reader without the token sees the issue figures only.
    const [issues, cache, inbox, sweep, notifications] = await Promise.all([
      deps.issues.stats(scope), deps.cacheStats(), inboxView(deps.inbox, scope), scope === 'all' ? deps.sweepStatus?.() : undefined, deps.notifications?.counts(),
    ]);
    res.json({ issues, cache, inbox, ...(sweep ? { sweep } : {}), ...(notifications ? { notifications } : {}) });
  }));

  router.get('/api/inbox', wrap(async (_req, res) => {
    res.json(await inboxView(deps.inbox, readScope(res)));
  }));

  // Puts parked deliveries back: `{ ids: [...] }` or `{ all: true }`.
  router.post('/api/inbox/retry', requireDashboardToken(deps.dashboardToken), express.json({ limit: '64kb' }), wrap(async (req, res) => {
    const body = (req.body ?? {}) as { ids?: unknown; all?: unknown };
    const ids = Array.isArray(body.ids) && body.ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0) ? (body.ids as number[]) : undefined;
    if (body.all !== true && !ids?.length) throw new HttpError(400, 'Say which parked deliveries to put back: { "ids": [inbox ids] } (GET /api/inbox lists them) or { "all": true }.');
    const retried = await deps.inbox.retryParked(body.all === true ? 'all' : ids!);
    deps.log.info({ retried: retried.length }, 'parked deliveries put back');
    res.status(202).json({ retried });
  }));

  return router;
}

// What the inbox holds: the backlog, each repository's pending, throttled, refused and parked counts,
// and the most recently parked deliveries with their errors.
const PARKED_SHOWN = 50;

async function inboxView(inbox: InboxStore, scope: ReadScope) {
  // A reader without the token (public read) sees the totals only: the lists name repositories,
  // private ones among them, and parked payloads' errors.
  if (scope !== 'all') return { ...(await inbox.backlog()), repos: [], parkedDeliveries: [] };
  const [backlog, repos, parked] = await Promise.all([inbox.backlog(), inbox.repoStats(), inbox.parked(PARKED_SHOWN)]);
  return { ...backlog, repos, parkedDeliveries: parked };
}
