import express, { type Request, type Response, type NextFunction } from 'express';
import { verify } from '@octokit/webhooks-methods';
import type { Logger } from '../log';
import { parseGithubEvent } from '../domain/parse-event';
import type { InboxStore } from '../inbox/store';
import { triageWorkflowId } from '../domain/triage-state';
import { sendError } from './http-error';
import { setRateLimitHeaders, type RepoRateLimiter } from './rate-limit';

// GitHub caps webhook payloads at 25 MB and drops anything larger, so nothing legitimate is bigger.
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface WebhookDeps {
  secrets: string[]; // empty only with the explicit insecure development flag
  inbox: InboxStore;
  rateLimiter: RepoRateLimiter;
  /** Told right after a delivery commits, so forwarding starts without a poll delay. */
  forwarder: { wake(): void };
  log: Logger;
  /** A `push` event: the repository's .github/triageflow.yml may have changed. Resolves to what was done. */
  onPush?: (payload: unknown) => Promise<{ refreshed: boolean; reason: string }>;
}

/** `POST /webhooks/github`: verify the signature on the raw bytes, then parse, then commit to the inbox. */
export function createWebhookRouter(deps: WebhookDeps): express.Router {
  const router = express.Router();
  router.post('/webhooks/github', checkHeaders(deps), express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }), (req, res, next) => {
    handle(deps, req, res).catch(next);
  });
  return router;
}

function checkHeaders(deps: WebhookDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const missing = ['x-github-event', 'x-github-delivery', ...(deps.secrets.length ? ['x-hub-signature-256'] : [])].filter((h) => !req.get(h));
    if (missing.length) return void sendError(res, 400, `Missing header ${missing.join(', ')}: this endpoint takes GitHub webhook deliveries, which always carry it.`);
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return void sendError(res, 415, `Content type "${type || 'none'}" is not supported: set the webhook's content type to application/json in the repository's webhook settings.`);
    }
    if (Number(req.get('content-length') ?? 0) > MAX_WEBHOOK_BYTES) return void sendError(res, 413, 'The body is larger than the 25 MB limit GitHub itself applies to webhooks.');
    next();
  };
}

async function signatureMatches(secrets: string[], body: string, signature: string): Promise<boolean> {
  for (const secret of secrets) {
    // verify() compares in constant time; with several secrets (rotation) any one may match.
    if (await verify(secret, body, signature).catch(() => false)) return true;
  }
  return false;
}

async function handle(deps: WebhookDeps, req: Request, res: Response): Promise<void> {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const name = req.get('x-github-event')!;
  const deliveryId = req.get('x-github-delivery')!;
  const log = deps.log.child({ deliveryId, event: name });
  if (deps.secrets.length && !(await signatureMatches(deps.secrets, raw, req.get('x-hub-signature-256')!))) {
    log.warn('webhook signature mismatch');
    return void sendError(res, 401, 'X-Hub-Signature-256 does not match the body: check that GITHUB_WEBHOOK_SECRET equals the secret set on the GitHub webhook.');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (err) {
    return void sendError(res, 400, `The body is not valid JSON: ${(err as Error).message}.`);
  }
  if (name === 'ping') return void res.status(200).json({ ok: true, zen: (body as { zen?: string } | null)?.zen ?? null });
  if (name === 'push' && deps.onPush) {
    const { refreshed, reason } = await deps.onPush(body);
    return void res.status(202).json({ deliveryId, ignored: !refreshed, reason });
  }

  const parsed = parseGithubEvent(name, deliveryId, body, new Date());
  if (parsed.kind === 'ignored') return void res.status(202).json({ ignored: true, reason: parsed.reason, deliveryId });
  if (parsed.kind === 'invalid') return void sendError(res, 400, parsed.message);
  const { event } = parsed;
  const workflowId = triageWorkflowId(event.issue.repoId, event.issue.number);
  const rate = await deps.rateLimiter.consume(event.issue.repoId);
  setRateLimitHeaders(res, rate);
  if (!rate.allowed) {
    log.warn({ repo: event.issue.repoFullName }, 'webhook rate limit reached');
    return void sendError(res, 429, `${event.issue.repoFullName} sent more than ${rate.limit} events in a minute and used its burst allowance, so this delivery was not accepted. Redeliver it from the webhook settings after ${rate.retryAfterSeconds ?? rate.resetSeconds} s, or raise WEBHOOK_RATE_LIMIT / WEBHOOK_RATE_BURST.`);
  }
  try {
    const { inserted } = await deps.inbox.insert({
      deliveryId, eventName: event.event, action: event.action, repoId: event.issue.repoId, repoFullName: event.issue.repoFullName,
      number: event.issue.number, workflowId, githubUpdatedAt: event.githubUpdatedAt, rawPayload: raw,
    });
    if (!inserted) {
      log.info({ workflowId }, 'redelivery of a recorded delivery; nothing to do');
      return void res.status(202).json({ deliveryId, workflowId, duplicate: true });
    }
  } catch (err) {
    log.error({ err }, 'the inbox did not record the delivery');
    // 503 makes GitHub show the delivery as failed, so it can be redelivered once the database is back.
    return void sendError(res, 503, 'The delivery could not be recorded because the database is unavailable; nothing was accepted. Redeliver it from the webhook settings once the service is healthy.');
  }
  // The answer goes out first: the forwarder's claim and the log line are not part of the ack.
  res.status(202).json({ deliveryId, workflowId });
  deps.forwarder.wake();
  log.info({ workflowId, action: event.action }, 'webhook accepted');
}
