import path from 'node:path';
import express from 'express';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import type { CacheStats } from '../ai/types';
import type { TemporalLink } from '../issues/row-mapping';
import type { TriageClient } from '../temporal/triage-client';
import type { TemporalClientProvider } from '../temporal/connect';
import type { InboxStore } from '../inbox/store';
import type { RepoRateLimiter } from './rate-limit';
import { createApiRouter } from './api-router';
import { createGithubRouter } from './github-router';
import { errorHandler, sendError } from './http-error';
import { createWebhookRouter } from './webhook-router';
import { withTimeout } from '../runtime/with-timeout';
import { pushRefreshesRepoConfig } from '../github/push';

export interface AppDeps {
  pool: Pool;
  triage: TriageClient;
  temporal: TemporalClientProvider;
  inbox: InboxStore;
  forwarder: { wake(): void };
  rateLimiter: RepoRateLimiter;
  webhookSecrets: string[];
  dashboardToken: string;
  temporalLink: TemporalLink;
  cacheStats: () => Promise<CacheStats>;
  log: Logger;
  webDir?: string;
}

export const WEB_DIR = path.join(__dirname, '..', '..', 'web');

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res, next) => {
    health(deps).then((h) => res.status(h.ok ? 200 : 503).json(h), next);
  });
  app.use(createWebhookRouter({ secrets: deps.webhookSecrets, inbox: deps.inbox, forwarder: deps.forwarder, rateLimiter: deps.rateLimiter, log: deps.log, onPush: pushRefreshesRepoConfig(deps.pool) }));
  app.use(createApiRouter(deps));
  app.use(createGithubRouter(deps));
  app.use('/api', (req, res) => sendError(res, 404, `No API route ${req.method} ${req.originalUrl}. See the README for the API.`));
  app.use(express.static(deps.webDir ?? WEB_DIR, { index: 'index.html', maxAge: 0 }));
  app.use(errorHandler(deps.log));
  return app;
}

// Healthy means deliveries are accepted: that needs the database only. A Temporal outage is reported
// and grows the inbox backlog, which drains once Temporal is back.
async function health(deps: AppDeps) {
  const check = async (fn: () => Promise<unknown>) => fn().then(() => 'up' as const, (err: Error) => `down: ${err.message}`);
  const [database, temporal, inbox] = await Promise.all([
    check(() => deps.pool.query('SELECT 1')),
    check(() => withTimeout(deps.temporal.get().then((c) => c.connection.workflowService.getSystemInfo({})), 2_000, 'no answer within 2000 ms')),
    deps.inbox.backlog().catch(() => null),
  ]);
  return { ok: database === 'up', database, temporal, inbox };
}
