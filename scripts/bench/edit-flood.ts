import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { issuesPayload } from '../../src/github/sample-payload';
import { signBody } from '../../src/github/sign';
import { triageWorkflowId } from '../../src/domain/triage-state';
import type { IssueDetail } from '../../src/issues/view';
import { driveLoad } from './load';

// A flood of edits to one issue (a bot rewriting it, a person saving a long body again and again) at a
// fixed rate, with bodies of `bodyKb`: every delivery must be accepted, the last edit must be the one
// triaged, and the issue's workflow must not be terminated.

type Post = (url: string, headers: Record<string, string>, body: string) => Promise<{ status: number; text: string }>;

export async function runEditFlood(opts: {
  serverUrl: string; temporalAddress: string; secret: string; count: number; rate: number; bodyKb: number; post: Post;
  percentile: (xs: number[], p: number) => number | null;
}) {
  const repoId = 700_000_000 + Math.floor(Math.random() * 1_000_000);
  const repoFullName = 'bench/edits';
  const filler = 'The widget renders twice after a resize and the log fills with layout warnings. '.repeat(Math.ceil((opts.bodyKb * 1024) / 80)).slice(0, opts.bodyKb * 1024);
  const base = Date.now() - opts.count * 1000;
  const edit = (i: number) => issuesPayload({
    repoId, repoFullName, number: 1, action: i === 0 ? 'opened' : 'edited', title: `Widget renders twice (revision ${i})`,
    body: `${filler}\nrevision ${i}`, updatedAt: new Date(base + i * 1000).toISOString(),
  });
  const acks: number[] = [];
  const refused: string[] = [];
  const started = performance.now();
  await driveLoad({ mode: 'paced', count: opts.count, rate: opts.rate, senders: 1 }, async (i) => {
    const body = JSON.stringify(edit(i));
    const headers = { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody(opts.secret, body) };
    const t0 = performance.now();
    const res = await opts.post(`${opts.serverUrl}/webhooks/github`, headers, body);
    acks.push(performance.now() - t0);
    if (res.status !== 202) refused.push(`#${i}: ${res.status} ${res.text.slice(0, 200)}`);
  });
  const sent = performance.now();
  const lastTitle = `Widget renders twice (revision ${opts.count - 1})`;
  let detail: IssueDetail | undefined;
  while (performance.now() - sent < 600_000) {
    detail = await fetch(`${opts.serverUrl}/api/issues/${repoFullName}/1`, { headers: { authorization: 'Bearer bench' } }).then((r) => (r.ok ? (r.json() as Promise<IssueDetail>) : undefined));
    if (detail?.title === lastTitle && detail.status === 'triaged') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const connection = await Connection.connect({ address: opts.temporalAddress });
  const temporal = new Client({ connection });
  const workflowId = triageWorkflowId(repoId, 1);
  const { count: terminated } = await temporal.workflow.count(`WorkflowId = "${workflowId}" AND ExecutionStatus = "Terminated"`);
  const status = (await temporal.workflow.getHandle(workflowId).describe()).status.name;
  await connection.close();
  return {
    mode: 'edits', edits: opts.count, ratePerSecond: opts.rate, bodyKb: opts.bodyKb,
    accepted: opts.count - refused.length, refused: refused.slice(0, 5),
    ackMs: { p50: opts.percentile(acks, 50), p99: opts.percentile(acks, 99), max: opts.percentile(acks, 100) },
    lastEditWins: detail?.title === lastTitle && detail.status === 'triaged',
    secondsFromLastSendToLastTriaged: +((performance.now() - sent) / 1000).toFixed(1),
    classifications: detail?.classifications.length ?? null,
    workflow: { status, terminatedRuns: terminated },
    sendSeconds: +((sent - started) / 1000).toFixed(1),
  };
}
