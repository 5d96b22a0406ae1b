import express, { type Request, type Response, type NextFunction } from 'express';
import type { AssistantStore } from '../assistant/store';
import type { IssueReader } from '../issues/reads';
import { NOTIFICATION_STATUSES, type NotificationStatus, type NotificationStore } from '../notifications/store';
import { HttpError } from './http-error';
import { isTokenHolder } from './read-auth';
import { readableIssue } from './private-reports';

export interface AssistantRouterDeps {
  issues: IssueReader;
  assistant: AssistantStore;
  notifications: NotificationStore;
}

/** The triage assistant's findings per issue, the owners for the dashboard's filter, and notifications. */
export function createAssistantRouter(deps: AssistantRouterDeps): express.Router {
  const router = express.Router();
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);

  router.get('/api/issues/:owner/:repo/:number/assistant', wrap(async (req, res) => {
    const issue = await readableIssue(req, res, deps.issues);
    res.json(await deps.assistant.get(issue.repoId, issue.number));
  }));

  router.get('/api/owners', wrap(async (req, res) => {
    const repo = typeof req.query.repo === 'string' && req.query.repo.trim() ? req.query.repo.trim() : undefined;
    res.json(await deps.assistant.owners(repo));
  }));

  router.get('/api/notifications', wrap(async (req, res) => {
    const status = typeof req.query.status === 'string' && req.query.status ? req.query.status : undefined;
    if (status && !(NOTIFICATION_STATUSES as readonly string[]).includes(status)) throw new HttpError(400, `status must be one of ${NOTIFICATION_STATUSES.join(', ')}.`);
    const [items, counts] = await Promise.all([deps.notifications.recent({ status: status as NotificationStatus | undefined, limit: 100 }), deps.notifications.counts()]);
    // Which issues are security reports is itself for token holders only.
    res.json({ items: isTokenHolder(res) ? items : items.filter((i) => i.kind !== 'security'), counts });
  }));

  return router;
}
