import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { activityNames } from '../../../src/temporal/activity-history';
import { triageWorkflowId } from '../../../src/domain/triage-state';

export interface IssueAudit {
  /** Accepted but not stored as triaged with exactly one classification. */
  lost: number[];
  /** More than one `classify` step in the issue's workflow history. */
  triagedTwice: number[];
}

export async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every issue `from..to` of the repository: stored as triaged once, classified once by its workflow. */
export async function auditIssues(pool: Pool, temporal: Client, repoId: number, from: number, to: number): Promise<IssueAudit> {
  const { rows } = await pool.query<{ number: number; status: string; classifications: number }>(
    `SELECT i.number, i.status, (SELECT count(*)::int FROM classifications c WHERE c.issue_id = i.id) AS classifications
       FROM issues i WHERE i.repo_id = $1 AND i.number BETWEEN $2 AND $3`, [repoId, from, to]);
  const stored = new Map(rows.map((r) => [r.number, r]));
  const lost = range(from, to).filter((n) => stored.get(n)?.status !== 'triaged' || stored.get(n)?.classifications !== 1);
  const triagedTwice: number[] = [];
  await inBatches(range(from, to), 8, async (n) => {
    const classified = (await activityNames(temporal, triageWorkflowId(repoId, n))).filter((a) => a === 'classify').length;
    if (classified > 1) triagedTwice.push(n);
  });
  return { lost, triagedTwice: triagedTwice.sort((a, b) => a - b) };
}

/** The `delivery` signals in a workflow's history, with the identity (pid@host) of the process that sent each. */
export async function deliverySignals(temporal: Client, workflowId: string): Promise<{ identity: string }[]> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((s) => s?.signalName === 'delivery')
    .map((s) => ({ identity: s!.identity ?? '' }));
}

