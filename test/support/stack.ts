import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { issueCommentPayload, issuesPayload, type SampleIssue } from '../../src/github/sample-payload';
import { signBody } from '../../src/github/sign';
import type { IssueDetail } from '../../src/issues/view';
import { startStack as startRuntime } from '../../src/runtime/stack';

// The real stack for integration tests: the shared Temporal dev server (global-setup), an embedded
// PostgreSQL of the suite's own, and a server and worker on ephemeral ports, with a fresh task queue.

export interface Stack {
  baseUrl: string;
  dashboardToken: string;
  webhookSecret: string;
  config: Config;
  databaseUrl: string;
  temporalAddress: string;
  metricsUrl: string;
  /** `{ authorization: 'Bearer <dashboard token>' }`: the read API and socket.io want it (private by default). */
  authHeaders: Record<string, string>;
  sendWebhook(event: string, payload: object, opts?: { deliveryId?: string; secret?: string }): Promise<{ status: number; body: any }>;
  /** The request GitHub would send for this delivery, signed with the stack's secret. */
  signedRequest(event: string, payload: object, opts?: { deliveryId?: string; secret?: string }): RequestInit;
  waitForIssue(repo: string, number: number, predicate?: (i: IssueDetail) => boolean, timeoutMs?: number): Promise<IssueDetail>;
  stop(): Promise<void>;
}

/** A repository id no other suite uses, so deterministic workflow ids never collide on the shared server. */
export const SUITE_REPO_ID = randomInt(1_000_000, 2_000_000_000);

export function testEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const address = process.env.TRIAGEFLOW_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('No test Temporal server: run the tests through jest, whose global setup starts it.');
  const dataDir = fs.mkdtempSync(path.join(process.env.TRIAGEFLOW_TEST_DIR ?? '/tmp', 'stack-'));
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: '0',
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    TEMPORAL_UI_URL: 'http://localhost:8233',
    GITHUB_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
    DASHBOARD_TOKEN: randomBytes(16).toString('hex'),
    // Worker processes each serve /metrics: several at once in one run need ports of their own.
    METRICS_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Suites with GitHub credentials would otherwise sweep the fake GitHub behind their backs; the sweep's
    // own suites turn it on.
    GITHUB_SWEEP_INTERVAL: '0',
    ...overrides,
  };
}

export async function startStack(opts: { env?: NodeJS.ProcessEnv; worker?: boolean } = {}): Promise<Stack> {
  const env = testEnv(opts.env);
  const config = loadConfig(env);
  const log = pino({ level: config.logLevel });
  const runtime = await startRuntime({
    config, log, server: true, worker: opts.worker ?? true, devHost: false,
    workflowBundle: { codePath: process.env.TRIAGEFLOW_TEST_WORKFLOW_BUNDLE! }, pollMs: 50,
  });
  const baseUrl = runtime.serverUrl!;
  const stack: Stack = {
    baseUrl,
    dashboardToken: config.dashboardToken!,
    webhookSecret: config.webhookSecrets[0]!,
    config,
    databaseUrl: runtime.databaseUrl,
    temporalAddress: runtime.temporalAddress,
    metricsUrl: runtime.metricsUrl,
    authHeaders: { authorization: `Bearer ${config.dashboardToken!}` },
    signedRequest(event, payload, o = {}) {
      const body = JSON.stringify(payload);
      return {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': o.deliveryId ?? randomUUID(), 'x-hub-signature-256': signBody(o.secret ?? stack.webhookSecret, body) },
        body,
      };
    },
    async sendWebhook(event, payload, o = {}) {
      const res = await fetch(`${baseUrl}/webhooks/github`, stack.signedRequest(event, payload, o));
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    async waitForIssue(repo, number, predicate = () => true, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: IssueDetail | undefined;
      while (Date.now() < deadline) {
        const res = await fetch(`${baseUrl}/api/issues/${repo}/${number}`, { headers: stack.authHeaders });
        if (res.ok) {
          last = (await res.json()) as IssueDetail;
          if (predicate(last)) return last;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`Issue ${repo}#${number} did not reach the expected state in ${timeoutMs} ms; last seen: ${JSON.stringify(last && { status: last.status, triage: last.triage, corrected: last.corrected })}`);
    },
    stop: runtime.stop,
  };
  return stack;
}

export function issuePayload(overrides: Omit<SampleIssue, 'labels'> & { labels?: (string | { name: string; description?: string })[] } = {}): object {
  const labels = overrides.labels?.map((l) => (typeof l === 'string' ? { name: l } : l));
  return issuesPayload({ repoId: SUITE_REPO_ID, repoFullName: `suite-${SUITE_REPO_ID}/app`, ...overrides, labels });
}

export function commentPayload(overrides: Parameters<typeof issueCommentPayload>[0] = {}): object {
  return issueCommentPayload({ repoId: SUITE_REPO_ID, repoFullName: `suite-${SUITE_REPO_ID}/app`, ...overrides });
}
