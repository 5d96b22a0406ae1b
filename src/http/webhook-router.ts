import { createHash } from 'node:crypto';
import express, { type Request, type Response, type NextFunction } from 'express';
import { verify } from '@octokit/webhooks-methods';
import type { Logger } from '../log';
import { parseGithubEvent } from '../domain/parse-event';
import type { RepoQuota } from '../inbox/quota';
import type { InboxStore } from '../inbox/store';
import { triageWorkflowId } from '../domain/triage-state';
import { sendError } from './http-error';

// GitHub caps webhook payloads at 25 MB and drops anything larger, so nothing legitimate is bigger.
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface WebhookDeps {
  secrets: string[]; // empty only with the explicit insecure development flag
  inbox: Pick<InboxStore, 'insert' | 'insertInvalid' | 'recordRefusal'>;
  /** INBOX_REPO_QUOTA: the door's only refusal of a signed, well-formed delivery. */
  quota: RepoQuota;
  /** Told right after a delivery commits, so forwarding starts without a poll delay. */
  forwarder: { wake(): void };
  log: Logger;
  /** A `push` event: the repository's .github/triageflow.yml may have changed. Resolves to what was done. */
  onPush?: (payload: unknown) => Promise<{ refreshed: boolean; reason: string }>;
}

/**
 * `POST /webhooks/github`: verify the signature on the raw bytes, then parse, then commit to the inbox.
 * Every signed, well-formed delivery is accepted (GitHub never retries a refused one by itself); the
 * repository's pace applies when the inbox forwards it, and only a repository past its pending quota is
 * refused, for the reconciliation sweep to recover.
 */
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
  if (parsed.kind === 'invalid') {
    // Signed, so GitHub (or the repository's admin) sent it: kept in the dead letter, not lost.
    await deps.inbox.insertInvalid({ deliveryId, eventName: name, ...identityOf(body), rawPayload: raw, bodySha256: sha256(req), reason: parsed.message })
      .catch((err: unknown) => log.warn({ err }, 'an invalid delivery was not kept in the dead letter'));
    log.warn({ reason: parsed.message }, 'invalid delivery refused and parked');
    return void sendError(res, 400, `${parsed.message} It is kept, parked, in the inbox's dead letter; GitHub's next event for the issue is triaged as usual.`);
  }
  const { event } = parsed;
  const workflowId = triageWorkflowId(event.issue.repoId, event.issue.number);
  const repo = event.issue.repoFullName;
  const quota = await deps.quota.admit(event.issue.repoId);
  if (!quota.admitted) {
    log.warn({ repo, pending: quota.pending }, 'repository over its inbox quota; delivery refused');
    await deps.inbox.recordRefusal(event.issue.repoId, repo).catch((err: unknown) => log.warn({ err }, 'refusal not counted'));
    res.setHeader('Retry-After', String(quota.retryAfterSeconds));
    res.setHeader('RateLimit-Limit', String(quota.quota));
    res.setHeader('RateLimit-Remaining', '0');
    res.setHeader('RateLimit-Reset', String(quota.retryAfterSeconds));
    return void sendError(res, 429, `${repo} has ${quota.pending} deliveries waiting to be triaged, as many as INBOX_REPO_QUOTA allows, so this one was not accepted. The reconciliation sweep triages the issue later from GitHub's own record; to have it sooner, redeliver it from the webhook settings after ${quota.retryAfterSeconds} s, or raise INBOX_REPO_QUOTA.`);
  }
  try {
    const { inserted } = await deps.inbox.insert({
      deliveryId, eventName: event.event, action: event.action, repoId: event.issue.repoId, repoFullName: repo,
      number: event.issue.number, workflowId, githubUpdatedAt: event.githubUpdatedAt, rawPayload: raw,
      bodySha256: sha256(req),
    });
    if (!inserted) {
      log.info({ workflowId }, 'redelivery or replay of a recorded delivery; nothing to do');
      return void res.status(202).json({ deliveryId, workflowId, duplicate: true });
    }
  } catch (err) {
    // A value PostgreSQL cannot store (SQLSTATE class 22) is the payload's fault, not an outage.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22')) {
      log.warn({ err }, 'the inbox refused a value of the delivery');
      return void sendError(res, 400, `The payload has a value the database cannot store (${(err as Error).message}); GitHub does not send such values, so nothing was accepted.`);
    }
    log.error({ err }, 'the inbox did not record the delivery');
    // 503 makes GitHub show the delivery as failed, so it can be redelivered once the database is back.
    return void sendError(res, 503, 'The delivery could not be recorded because the database is unavailable; nothing was accepted. Redeliver it from the webhook settings once the service is healthy.');
  }
  // The answer goes out first: the forwarder's claim and the log line are not part of the ack.
  res.status(202).json({ deliveryId, workflowId });
  deps.forwarder.wake();
  log.info({ workflowId, action: event.action }, 'webhook accepted');
}

const sha256 = (req: Request) => createHash('sha256').update(req.body as Buffer).digest();

/** What can be read of an invalid payload's repository and issue, for the dead letter; 0 and '' for the rest. */
function identityOf(body: unknown): { action: string | null; repoId: number; repoFullName: string; number: number } {
  const p = body as { action?: unknown; repository?: { id?: unknown; full_name?: unknown }; issue?: { number?: unknown } } | null;
  const int = (v: unknown, max: number) => (Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= max ? (v as number) : 0);
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
  return {
    action: text(p?.action, 100) || null,
    repoId: int(p?.repository?.id, Number.MAX_SAFE_INTEGER),
    repoFullName: text(p?.repository?.full_name, 200),
    number: int(p?.issue?.number, 2_147_483_647),
  };
}
