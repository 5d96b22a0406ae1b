import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import type { Logger } from '../log';
import type { IssueReader } from '../issues/reads';
import type { WriteBackStore } from '../github/write-back-store';
import type { LedgerStore } from '../github/ledger-store';
import { ledgerView } from '../github/ledger';
import type { DuplicateCloseStore } from '../github/duplicate-close-store';
import type { TriageClient } from '../temporal/triage-client';
import { requireDashboardToken } from './auth';
import { describeProblems } from './correction-body';
import { HttpError } from './http-error';
import { isTokenHolder, readScope } from './read-auth';
import { forReader, readableIssue } from './private-reports';

export interface GithubRouterDeps {
  issues: IssueReader;
  writeBack: WriteBackStore;
  ledger: LedgerStore;
  closes: DuplicateCloseStore;
  triage: TriageClient;
  dashboardToken: string;
  log: Logger;
}

const approvalBody = z.object({ actor: z.string({ message: 'actor is required: who approves' }).trim().min(1, 'actor is required: who approves').max(100) }).strict();

/** Write-back state per issue, the review queue of the confidence gate, and approvals. */
export function createGithubRouter(deps: GithubRouterDeps): express.Router {
  const router = express.Router();
  const store = deps.writeBack;
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
  const findIssue = (req: Request, res: Response) => readableIssue(req, res, deps.issues);

  // What was (or in a dry run would be) written to GitHub, why the repository's config is not used, the
  // ledger (everything Triageflow wrote and removed, and the edits people made to the same things) and
  // the close-as-duplicate countdown.
  router.get('/api/issues/:owner/:repo/:number/github', wrap(async (req, res) => {
    const issue = await findIssue(req, res);
    const [writeBack, config, ledger, duplicateClose] = await Promise.all([
      store.get(issue.repoId, issue.number), store.cachedConfig(issue.repo, 0), deps.ledger.list(issue.repoId, issue.number), deps.closes.get(issue.repoId, issue.number),
    ]);
    res.json({ writeBack: writeBack ?? null, configError: config?.error ?? null, removedLabels: ledgerView(ledger, { dryRun: false }).removedByPeople('label'), ledger, duplicateClose: duplicateClose ?? null });
  }));

  router.get('/api/review-queue', wrap(async (req, res) => {
    const repo = typeof req.query.repo === 'string' && req.query.repo ? req.query.repo : undefined;
    const items = await store.reviewQueue(repo, 200, readScope(res));
    if (isTokenHolder(res)) return void res.json({ items });
    // Without the token, a held security report is not listed (its title is the reporter's words).
    const visible = await Promise.all(items.map(async (i) => ((await deps.issues.detail({ repoFullName: i.repo, number: i.number }, readScope(res)).then((d) => d && forReader(res, deps.issues, d))) ? i : null)));
    res.json({ items: visible.filter(Boolean) });
  }));

  router.post('/api/issues/:owner/:repo/:number/approve', requireDashboardToken(deps.dashboardToken), express.json({ limit: '8kb' }), wrap(async (req, res) => {
    const parsed = approvalBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpError(400, `Invalid approval: ${describeProblems(parsed.error)}.`);
    const issue = await findIssue(req, res);
    const record = await store.get(issue.repoId, issue.number);
    if (record?.status !== 'awaiting-review') {
      throw new HttpError(409, `${issue.repo}#${issue.number} is not waiting for review (write-back is "${record?.status ?? 'not run yet'}"); there is nothing to approve.`);
    }
    const { workflowId } = await deps.triage.sendApproval({ repoId: issue.repoId, number: issue.number }, parsed.data.actor).catch((err: unknown) => {
      if ((err as Error).name === 'WorkflowNotFoundError') {
        throw new HttpError(409, `The workflow of ${issue.repo}#${issue.number} is no longer running, so nothing holds its triage; send a correction instead, which writes it.`);
      }
      deps.log.error({ err }, 'Temporal did not accept the approval');
      throw new HttpError(503, 'The approval could not be delivered because Temporal is unavailable; nothing was changed. Try again shortly.');
    });
    deps.log.info({ workflowId, actor: parsed.data.actor }, 'approval accepted');
    res.status(202).json({ accepted: true, workflowId });
  }));

  return router;
}
