import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Pool } from '../db/pool';
import type { InboxStore } from '../inbox/store';
import { readDatabaseSnapshot, type DatabaseSnapshot } from './database-snapshot';
import { webhookMetrics } from './webhook-metrics';

export interface ServerMetrics {
  registry: Registry;
  observeWebhook: RequestHandler;
  /** Figures another thread of this process keeps (the dev stack's worker), served after this registry's. */
  alsoCollect?: () => Promise<string>;
}

/** One registry per process (not prom-client's global one), so tests can run several stacks side by side. */
export function createProcessRegistry(role: string, opts: { defaultMetrics: boolean } = { defaultMetrics: true }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The server's metrics: webhook answers in-process, the rest read from the shared database at scrape time. */
export function createServerMetrics(registry: Registry, deps: { pool: Pool; inbox: InboxStore; alsoCollect?: () => Promise<string> }): ServerMetrics {
  // One read per scrape, shared by every series below; a second scrape within a second reuses it.
  let cached: { at: number; value: Promise<DatabaseSnapshot> } | undefined;
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > 1_000) cached = { at: Date.now(), value: readDatabaseSnapshot(deps.pool, deps.inbox) };
    return cached.value;
  };
  const fromSnapshot = <T extends Counter | Gauge>(metric: T, fill: (m: T, s: DatabaseSnapshot) => void) => async () => {
    const s = await snapshot();
    metric.reset();
    fill(metric, s);
  };

  const gauge = (name: string, help: string, read: (s: DatabaseSnapshot) => number) => {
    const g: Gauge = new Gauge({ name, help, registers: [registry], collect: () => fromSnapshot(g, (m, s) => m.set(read(s)))() });
  };
  gauge('triageflow_inbox_backlog', 'Webhook deliveries committed to the inbox and not yet signalled to their workflow.', (s) => s.inbox.pending);
  gauge('triageflow_inbox_oldest_age_seconds', 'Age of the oldest delivery waiting in the inbox (0 when it is empty).', (s) => s.inbox.oldestAgeSeconds);
  gauge('triageflow_inbox_parked', 'Deliveries parked in the inbox\'s dead letter: they failed INBOX_MAX_ATTEMPTS times; `inbox retry` puts them back.', (s) => s.inbox.parked);

  // Per repository, only those with something waiting, parked or refused: the label set stays small.
  const perRepo = (name: string, help: string, read: (r: DatabaseSnapshot['inbox']['repos'][number]) => number) => {
    const g: Gauge = new Gauge({ name, help, labelNames: ['repo'], registers: [registry], collect: () => fromSnapshot(g, (m, s) => s.inbox.repos.forEach((r) => m.set({ repo: r.repo }, read(r))))() });
  };
  perRepo('triageflow_inbox_repo_pending', 'Deliveries of a repository accepted and not yet forwarded to their workflow.', (r) => r.pending);
  perRepo('triageflow_inbox_repo_throttled', 'Of a repository\'s pending deliveries, those waiting for its pace (WEBHOOK_RATE_LIMIT).', (r) => r.throttled);
  perRepo('triageflow_inbox_repo_parked', 'A repository\'s parked deliveries.', (r) => r.parked);
  const refused: Counter = new Counter({
    name: 'triageflow_inbox_repo_refused_total', help: 'Deliveries of a repository refused with 429 past INBOX_REPO_QUOTA (the sweep recovers them).', labelNames: ['repo'], registers: [registry],
    collect: () => fromSnapshot(refused, (c, s) => s.inbox.repos.forEach((r) => r.refused && c.inc({ repo: r.repo }, r.refused)))(),
  });

  const counter = (name: string, help: string, labelNames: string[], fill: (c: Counter, s: DatabaseSnapshot) => void) => {
    const c: Counter = new Counter({ name, help, labelNames, registers: [registry], collect: () => fromSnapshot(c, fill)() });
  };
  counter('triageflow_model_classifications_total', 'Classifications stored, by model and whether the cache answered (cached="false" is a model call).', ['model', 'cached'],
    (c, s) => s.classifications.forEach((r) => c.inc({ model: r.model, cached: String(r.cached) }, r.count)));
  counter('triageflow_model_tokens_total', 'Model tokens spent on classifications, by model and direction.', ['model', 'direction'], (c, s) => s.classifications.forEach((r) => {
    if (r.tokensIn) c.inc({ model: r.model, direction: 'input' }, r.tokensIn);
    if (r.tokensOut) c.inc({ model: r.model, direction: 'output' }, r.tokensOut);
  }));
  counter('triageflow_model_cost_usd_total', 'Estimated USD spent on classifications, by model.', ['model'],
    (c, s) => s.classifications.forEach((r) => r.costUsd && c.inc({ model: r.model }, r.costUsd)));
  counter('triageflow_ai_cache_hits_total', 'Model answers (classifications and embeddings) served from the result cache, over all processes.', [], (c, s) => c.inc(s.cache.hits));
  counter('triageflow_ai_cache_misses_total', 'Model requests the result cache could not answer, over all processes.', [], (c, s) => c.inc(s.cache.misses));
  counter('triageflow_ai_cache_cost_saved_usd_total', 'Estimated USD the result cache saved.', [], (c, s) => c.inc(s.cache.costSavedUsd));
  counter('triageflow_corrections_total', 'Fields people changed with a correction (category, priority, labels, duplicateOf).', ['field'],
    (c, s) => s.corrections.forEach((r) => c.inc({ field: r.field }, r.count)));

  return { registry, observeWebhook: webhookMetrics(registry), alsoCollect: deps.alsoCollect };
}
