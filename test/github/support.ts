import { randomInt, randomUUID } from 'node:crypto';
import pino from 'pino';
import { createTriageModel } from '../../src/ai/create-triage-model';
import { createPool } from '../../src/db/pool';
import { createGithubClients } from '../../src/github/client';
import { issueCommentPayload, issuesPayload, issueTypeJson } from '../../src/github/sample-payload';
import { startWorker, type RunningWorker } from '../../src/runtime/worker';
import type { FakeGithub } from '../support/fake-github';
import type { Stack } from '../support/stack';

// Helpers of the GitHub suites: repositories of the test's own, webhooks from a named sender, a worker
// in this process that the test can stop and replace, and reads of the write-back API.

export interface TestRepo {
  repoId: number;
  repoFullName: string;
}

/** A repository of the test's own; the fake GitHub, when given, knows it by the same id, as GitHub would. */
export function newRepo(name: string, github?: FakeGithub): TestRepo {
  const repo = { repoId: randomInt(1_000_000, 2_000_000_000), repoFullName: `gh-${randomInt(1e9)}/${name}` };
  github?.state.withId(repo.repoFullName, repo.repoId);
  return repo;
}

export function labelPayload(repo: TestRepo, number: number, action: 'labeled' | 'unlabeled', label: string, sender: { login: string; type?: string }, issue: { title: string; body: string; labels: string[]; updatedAt?: string }) {
  const payload = issuesPayload({ ...repo, number, action, title: issue.title, body: issue.body, labels: issue.labels.map((name) => ({ name })), updatedAt: issue.updatedAt }) as Record<string, unknown>;
  return { ...payload, label: { name: label, color: 'ededed' }, sender: { login: sender.login, id: 7, type: sender.type ?? 'User' } };
}

export function openedPayload(repo: TestRepo, number: number, title: string, body: string, extra: { action?: string; labels?: string[]; updatedAt?: string; type?: string | null; author?: string } = {}) {
  return issuesPayload({ ...repo, number, title, body, action: extra.action ?? 'opened', labels: (extra.labels ?? []).map((name) => ({ name })), updatedAt: extra.updatedAt, type: extra.type, author: extra.author });
}

/** issues.typed / issues.untyped: `type` is the type set or taken off; the issue shows the type afterwards. */
export function typePayload(repo: TestRepo, number: number, action: 'typed' | 'untyped', type: string, sender: { login: string; type?: string }, issue: { title: string; body: string; labels?: string[]; updatedAt?: string }) {
  const payload = openedPayload(repo, number, issue.title, issue.body, { action, labels: issue.labels, updatedAt: issue.updatedAt, type: action === 'typed' ? type : null });
  return { ...payload, type: issueTypeJson(type), sender: { login: sender.login, id: 7, type: sender.type ?? 'User' } };
}

/** issue_comment.created by `commenter` (the sender), on an issue opened by `author`. */
export function commentPayload(repo: TestRepo, number: number, commenter: string, issue: { title: string; body: string; author?: string; updatedAt?: string; labels?: string[] }, commentId = randomInt(1e6, 2e9)): Record<string, unknown> {
  const payload = issueCommentPayload({ ...repo, number, title: issue.title, body: issue.body, author: issue.author, updatedAt: issue.updatedAt, commenter, commentId, labels: (issue.labels ?? []).map((name) => ({ name })) });
  return { ...payload, sender: { login: commenter, id: 8, type: 'User' } };
}

export async function startInProcessWorker(stack: Stack): Promise<RunningWorker & { close(): Promise<void> }> {
  const { config } = stack;
  const log = pino({ level: config.logLevel });
  const pool = createPool(stack.databaseUrl, 4);
  const model = await createTriageModel({ config, pool, log });
  const worker = await startWorker({
    address: stack.temporalAddress, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, pool, model,
    temporalLink: () => null, log, workflowBundle: { codePath: process.env.TRIAGEFLOW_TEST_WORKFLOW_BUNDLE! },
    github: createGithubClients(config.github, log), repoConfigTtlMs: config.github.repoConfigTtlMs,
    sweep: { settings: config.github.sweep, publicUrl: config.publicUrl },
  });
  return { ...worker, close: async () => { await worker.stop(); await pool.end(); } };
}

export async function githubView(stack: Stack, repo: TestRepo, number: number): Promise<any> {
  const res = await fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/${number}/github`, { headers: stack.authHeaders });
  return res.ok ? res.json() : null;
}

export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
}

export const delivery = () => randomUUID();
