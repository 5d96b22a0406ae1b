import { split, type GithubApi } from '../github/client';
import type { InboxStore } from '../inbox/store';
import type { Logger } from '../log';
import { decide, sweepDelivery, type RestIssue, type RestRepository } from './issue-delivery';
import type { SweepStore } from './store';

// The issue half of a sweep: every issue GitHub updated since the repository's mark, oldest first, is
// compared with what Triageflow received; a newer version enters the inbox as a delivery of its own.
// The mark moves after each page, so a retried activity picks up where the last attempt stopped.

export interface IssueScanResult {
  seen: number;
  queued: number;
  /** Versions left for a redelivery that may still arrive; the mark waits for them. */
  awaiting: number;
  closedUnseen: number;
}

// Issues updated while a page is read can land just behind the mark; a minute of overlap costs one
// comparison each, as the delivery ids make a second queueing a no-op.
export const MARK_OVERLAP_MS = 60_000;

export const issuesScope = (repoId: number) => `issues:${repoId}`;

/** GitHub documents `since` as YYYY-MM-DDTHH:MM:SSZ: whole seconds, rounded down so nothing is skipped. */
const githubTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function scanIssues(deps: { octokit: GithubApi; store: SweepStore; inbox: Pick<InboxStore, 'insert'>; log: Logger }, repo: RestRepository, opts: { lookbackMs: number; now: Date }): Promise<IssueScanResult> {
  const { store } = deps;
  const scope = issuesScope(repo.id);
  const mark = await store.mark(scope);
  const since = githubTime(mark ? Date.parse(mark) - MARK_OVERLAP_MS : opts.now.getTime() - opts.lookbackMs);
  const [owner, name] = split(repo.full_name);
  const result: IssueScanResult = { seen: 0, queued: 0, awaiting: 0, closedUnseen: 0 };
  let oldestAwaiting: string | null = null;
  const pages = deps.octokit.paginate.iterator(deps.octokit.issues.listForRepo, { owner, repo: name, state: 'all', sort: 'updated', direction: 'asc', since, per_page: 100 });
  for await (const page of pages) {
    const issues = (page.data as RestIssue[]).filter((i) => !i.pull_request);
    if (!issues.length) continue;
    const numbers = issues.map((i) => i.number);
    const [stored, pending] = await Promise.all([store.storedIssues(repo.id, numbers), store.pendingRedeliveries(repo.id, numbers)]);
    for (const issue of issues) {
      result.seen++;
      const decision = decide(issue, stored.get(issue.number), pending.get(issue.number));
      if (decision.kind === 'closed-unseen') result.closedUnseen++;
      if (decision.kind === 'awaiting-redelivery') {
        result.awaiting++;
        oldestAwaiting ??= issue.updated_at;
      }
      if (decision.kind !== 'queue') continue;
      const { inserted } = await deps.inbox.insert(sweepDelivery(repo, issue, decision.action));
      if (inserted) {
        result.queued++;
        deps.log.info({ repo: repo.full_name, number: issue.number, action: decision.action, updatedAt: issue.updated_at }, 'sweep queued an issue GitHub has and Triageflow never received');
      }
    }
    // The page is sorted by updated_at: its last issue is as far as this scan has reconciled, unless an
    // awaited redelivery is older; then the next sweep looks at that issue again.
    const reached = issues[issues.length - 1]!.updated_at;
    await store.advanceMark(scope, oldestAwaiting && Date.parse(oldestAwaiting) < Date.parse(reached) ? oldestAwaiting : reached);
  }
  return result;
}
