import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startStack as startRuntime, type Stack as Runtime } from '../../src/runtime/stack';
import { SNAPSHOT_TTL_MS } from '../../src/metrics/server-metrics';
import { scrape, valueOf } from '../support/prometheus-text';
import { issuePayload, startStack, SUITE_REPO_ID, testEnv, type Stack } from '../support/stack';

// /metrics on the real stack: the text parses with a Prometheus text-format parser, and the series
// move with real deliveries, triages and corrections.

const repo = `suite-${SUITE_REPO_ID}/app`;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => stack?.stop());

test('webhook deliveries, ack latency, triage latency, triaged, model calls and corrections move with real traffic', async () => {
  const before = await scrape(stack.metricsUrl);
  for (const name of ['triageflow_inbox_backlog', 'triageflow_inbox_oldest_age_seconds', 'triageflow_worker_task_slots_in_use', 'process_cpu_seconds_total']) {
    expect(before.has(name)).toBe(true);
  }
  expect(before.get('triageflow_webhook_ack_seconds')?.type).toBe('HISTOGRAM');

  expect((await stack.sendWebhook('issues', issuePayload({ action: 'opened', number: 1, title: 'Crash on save', body: 'TypeError at start' }))).status).toBe(202);
  expect((await stack.sendWebhook('issues', issuePayload({ action: 'opened', number: 2, title: 'Feature: CSV export' }))).status).toBe(202);
  expect((await stack.sendWebhook('issues', issuePayload({ number: 3 }), { secret: 'not-the-secret' })).status).toBe(401);
  const issue = await stack.waitForIssue(repo, 1, (i) => i.status === 'triaged', 60_000);
  await stack.waitForIssue(repo, 2, (i) => i.status === 'triaged', 60_000);

  const corrected = await fetch(`${stack.baseUrl}/api/issues/${repo}/1/corrections`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...stack.authHeaders },
    body: JSON.stringify({ category: issue.triage!.category === 'bug' ? 'feature' : 'bug', actor: 'Metrics Tester' }),
  });
  expect(corrected.status).toBe(202);
  await stack.waitForIssue(repo, 1, (i) => i.corrected, 30_000);

  // Database-backed figures are read once per 15 s at most (server-metrics.ts): a scrape right away still
  // shows the first scrape's reading, while the in-process figures have moved.
  const soon = await scrape(stack.metricsUrl);
  expect(valueOf(soon, 'triageflow_model_classifications_total')).toBe(valueOf(before, 'triageflow_model_classifications_total'));
  expect(valueOf(soon, 'triageflow_webhook_deliveries_total', { status: '202' }) - valueOf(before, 'triageflow_webhook_deliveries_total', { status: '202' })).toBe(2);
  await new Promise((r) => setTimeout(r, SNAPSHOT_TTL_MS + 100));
  const after = await scrape(stack.metricsUrl);
  const moved = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
  expect(moved('triageflow_webhook_deliveries_total', { status: '202' })).toBe(2);
  expect(moved('triageflow_webhook_deliveries_total', { status: '401' })).toBe(1);
  expect(moved('triageflow_webhook_ack_seconds')).toBe(3);
  expect(moved('triageflow_triage_latency_seconds')).toBeGreaterThanOrEqual(2);
  expect(moved('triageflow_triaged_total', { category: issue.triage!.category })).toBeGreaterThanOrEqual(1);
  expect(moved('triageflow_model_classifications_total')).toBeGreaterThanOrEqual(2);
  expect(moved('triageflow_corrections_total', { field: 'category' })).toBe(1);
  expect(valueOf(after, 'triageflow_inbox_backlog')).toBe(0);
  expect(valueOf(after, 'triageflow_rate_limit_rejections_total')).toBe(0);
}, 120_000);

test('a worker without a server serves its own /metrics on METRICS_PORT, behind METRICS_TOKEN when set', async () => {
  const env = testEnv({ DATABASE_URL: stack.databaseUrl, TEMPORAL_TASK_QUEUE: `metrics-${randomUUID()}`, METRICS_TOKEN: 'scrape-me' });
  const worker: Runtime = await startRuntime({
    config: loadConfig(env), log: pino({ level: 'silent' }), server: false, worker: true,
    workflowBundle: { codePath: process.env.TRIAGEFLOW_TEST_WORKFLOW_BUNDLE! },
  });
  try {
    expect(worker.metricsUrl).toMatch(/^http:\/\/localhost:\d+\/metrics$/);
    const refused = await fetch(worker.metricsUrl);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/METRICS_TOKEN/);
    const families = await scrape(worker.metricsUrl, { authorization: 'Bearer scrape-me' });
    const slots = families.get('triageflow_worker_task_slots_in_use')!;
    expect(slots.metrics.map((s) => s.labels?.kind).sort()).toEqual(['activity', 'local_activity', 'workflow']);
    expect(slots.metrics.every((s) => s.labels?.role === 'worker')).toBe(true);
    // The database series belong to the server, so a scrape of both never counts them twice.
    expect(families.has('triageflow_inbox_backlog')).toBe(false);
  } finally {
    await worker.stop();
  }
}, 120_000);

test('every series the Grafana dashboard and compose Prometheus use is one the processes export', async () => {
  const root = path.join(__dirname, '..', '..');
  const dashboard = JSON.parse(fs.readFileSync(path.join(root, 'grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const used = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/triageflow_\w+/g) ?? [])).map((n) => n.replace(/_bucket$/, '')));
  expect(used.size).toBeGreaterThanOrEqual(12);
  const exported = await scrape(stack.metricsUrl);
  expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  const prometheus = fs.readFileSync(path.join(root, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8');
  // Servers and workers both on METRICS_PORT: /metrics on the public port needs METRICS_TOKEN.
  expect(prometheus.match(/port: 9464/g)).toHaveLength(2);
});
