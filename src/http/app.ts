import path from 'node:path';
import express from 'express';
import type { Logger } from '../log';
import type { CacheStats } from '../ai/types';
import type { IssueReader } from '../issues/reads';
import type { AccuracyReader } from '../issues/accuracy-reads';
import type { WriteBackStore } from '../github/write-back-store';
import type { LedgerStore } from '../github/ledger-store';
import type { DuplicateCloseStore } from '../github/duplicate-close-store';
import type { TriageClient } from '../temporal/triage-client';
import type { TemporalClientProvider } from '../temporal/connect';
import type { InboxStore } from '../inbox/store';
import type { RepoQuota } from '../inbox/quota';
import type { CorrectionRequests } from '../issues/correction-requests';
import { createApiRouter } from './api-router';
import { createGithubRouter } from './github-router';
import { errorHandler, sendError } from './http-error';
import { createWebhookRouter, type WebhookGuard } from './webhook-router';
import { withTimeout } from '../support/with-timeout';
import { bearerToken, tokenMatcher } from '../support/token-check';
import type { ServerMetrics } from '../metrics/server-metrics';
import { metricsRoute } from '../metrics/metrics-route';
import { requireReadAccess } from './read-auth';
import { createAccuracyRouter } from './accuracy-router';
import { createBacktestRouter } from './backtest-router';
import type { BacktestStore } from '../duplicates/backtest-store';
import { securityHeaders } from './security-headers';
import { pushRefreshesRepoConfig } from '../github/push';
import type { AssistantStore } from '../assistant/store';
import type { NotificationStore } from '../notifications/store';
import { createAssistantRouter } from './assistant-router';
import type { SweepStatus } from '../sweep/status';

export interface AppDeps {
  /** Resolves when the database answers; /healthz reports it. */
  databaseUp(): Promise<unknown>;
  issues: IssueReader;
  accuracy: AccuracyReader;
  /** Duplicate-detection backtests (`triageflow backtest`): the newest per repository. */
  backtests: BacktestStore;
  writeBack: WriteBackStore;
  ledger: LedgerStore;
  closes: DuplicateCloseStore;
  triage: TriageClient;
  temporal: TemporalClientProvider;
  inbox: InboxStore;
  /** The inbox on the connections the embedded database serves first: webhook acks use it. */
  ingestInbox: InboxStore;
  /** The body each Idempotency-Key was first sent with. */
  correctionRequests: CorrectionRequests;
  forwarder: { wake(): void };
  quota: RepoQuota;
  webhookSecrets: string[];
  /** The webhook door's limits: in-flight bytes, per-repository secrets, GITHUB_REPOS. */
  webhookGuard: WebhookGuard;
  dashboardToken: string;
  cacheStats: () => Promise<CacheStats>;
  log: Logger;
  webDir?: string;
  /** DASHBOARD_PUBLIC_READ: reading without the token (public repositories). */
  dashboardPublicRead?: boolean;
  metrics?: ServerMetrics;
  metricsToken?: string;
  /** ACCURACY_GRACE_PERIOD: a closed, uncorrected issue counts as confirmed this long after closing. */
  accuracyGracePeriodMs?: number;
  /** The triage assistant's findings and notifications (issue 26); their routes are left out without them. */
  assistant?: AssistantStore;
  notifications?: NotificationStore;
  /** The reconciliation sweep's state, for /api/stats. */
  sweepStatus?: () => Promise<SweepStatus>;
}

export const WEB_DIR = path.join(__dirname, '..', '..', 'web');
// The dashboard's charting library, served from node_modules: no CDN, so it works offline and under the CSP.
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
  if (deps.metrics) {
    app.get('/metrics', metricsRoute(deps.metrics.registry, deps.metricsToken, deps.metrics.alsoCollect, { publicPort: true }));
    app.use('/webhooks/github', deps.metrics.observeWebhook);
  }

  // Anyone may ask whether the service is up (load balancers, Docker's HEALTHCHECK); the why (driver
  // errors, the backlog) is for holders of the dashboard token, as it can name hosts and internals.
  const operator = tokenMatcher(deps.dashboardToken);
  app.get('/healthz', (req, res, next) => {
    health(deps).then((h) => res.status(h.ok ? 200 : 503).json(operator(bearerToken(req.get('authorization'))) ? h : { ok: h.ok }), next);
  });
  app.use(createWebhookRouter({ secrets: deps.webhookSecrets, inbox: deps.ingestInbox, forwarder: deps.forwarder, quota: deps.quota, log: deps.log, onPush: pushRefreshes(deps), guard: deps.webhookGuard }));
  app.use('/api', requireReadAccess({ dashboardToken: deps.dashboardToken, publicRead: deps.dashboardPublicRead ?? false }));
  app.use(createApiRouter(deps));
  app.use(createGithubRouter(deps));
  if (deps.assistant && deps.notifications) app.use(createAssistantRouter({ issues: deps.issues, assistant: deps.assistant, notifications: deps.notifications }));
  app.use(createAccuracyRouter({ accuracy: deps.accuracy, gracePeriodMs: deps.accuracyGracePeriodMs ?? 3 * 86_400_000 }));
  app.use(createBacktestRouter({ backtests: deps.backtests }));
  app.get('/vendor/chart.umd.min.js', (_req, res) => res.sendFile(CHART_JS));
  app.use('/api', (req, res) => sendError(res, 404, `No API route ${req.method} ${req.originalUrl}. See the README for the API.`));
  app.use(express.static(deps.webDir ?? WEB_DIR, { index: 'index.html', maxAge: 0 }));
  app.use(errorHandler(deps.log));
  return app;
}

// A push to the default branch refreshes the repository's config and, for the triage assistant, its issue
// templates: both are read again on the next triage.
function pushRefreshes(deps: AppDeps) {
  const config = pushRefreshesRepoConfig(deps.writeBack);
  return async (payload: unknown) => {
    const result = await config(payload);
    const repo = (payload as { repository?: { full_name?: string } } | null)?.repository?.full_name;
    if (result.refreshed && repo && deps.assistant) await deps.assistant.markTemplatesStale(repo);
    return result;
  };
}

// Healthy means deliveries are accepted: that needs the database only. A Temporal outage is reported
// and grows the inbox backlog, which drains once Temporal is back.
async function health(deps: AppDeps) {
  const check = async (fn: () => Promise<unknown>) => fn().then(() => 'up' as const, (err: Error) => `down: ${err.message}`);
  const [database, temporal, inbox] = await Promise.all([
    check(() => withTimeout(deps.databaseUp(), 2_000, 'no answer within 2000 ms')),
    check(() => withTimeout(deps.temporal.get().then((c) => c.connection.workflowService.getSystemInfo({})), 2_000, 'no answer within 2000 ms')),
    deps.inbox.backlog().catch(() => null),
  ]);
  return { ok: database === 'up', database, temporal, inbox };
}
