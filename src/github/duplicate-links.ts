import { split, type GithubApi } from './client';

// The duplicates people already marked in a repository, read from the GitHub API: the history a
// backtest measures the similar-issue search against. An issue counts as marked when it was closed as
// a duplicate (`state_reason: duplicate`, GitHub's "Close as duplicate") or carries the repository's
// duplicate label; which issue it duplicates is said by a "Duplicate of #N" comment (GitHub's own
// convention, which also records a `marked_as_duplicate` event) or by the event itself where it names
// the canonical issue. Links to another repository are left out: the search looks within one.

export interface ListedIssue {
  number: number;
  title: string;
  body: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

export interface MarkedDuplicate {
  number: number;
  duplicateOf: number;
  /** Where the link came from. */
  via: 'comment' | 'event';
}

const DUPLICATE_OF = /^\s*duplicate\s+of\s+#(\d+)\b/im;

/** The issues a person marked as duplicates: closed as one, or labelled so. */
export function markedIssues(issues: ListedIssue[], duplicateLabel: string | null): ListedIssue[] {
  const label = duplicateLabel?.toLowerCase();
  return issues.filter((i) => !i.pull_request && (i.state_reason === 'duplicate'
    || (label !== undefined && i.labels.some((l) => (typeof l === 'string' ? l : (l.name ?? '')).toLowerCase() === label))));
}

/** The issue a marked issue duplicates, from its timeline (comments and events, in order; the last word wins). */
export async function duplicateTarget(octokit: GithubApi, repoFullName: string, number: number): Promise<MarkedDuplicate | null> {
  const [owner, repo] = split(repoFullName);
  let found: MarkedDuplicate | null = null;
  for await (const page of octokit.paginate.iterator(octokit.issues.listEventsForTimeline, { owner, repo, issue_number: number, per_page: 100 })) {
    for (const item of page.data as TimelineItem[]) {
      const target = targetOf(item, number, repoFullName);
      if (target !== null) found = target;
    }
  }
  return found;
}

interface TimelineItem {
  event?: string;
  body?: string | null;
  canonical?: { number?: number; repository?: { full_name?: string } } | null;
}

function targetOf(item: TimelineItem, number: number, repoFullName: string): MarkedDuplicate | null {
  if (item.event === 'commented' && item.body) {
    const m = DUPLICATE_OF.exec(item.body);
    const target = m ? Number(m[1]) : NaN;
    if (Number.isSafeInteger(target) && target !== number) return { number, duplicateOf: target, via: 'comment' };
  }
  const elsewhere = item.canonical?.repository?.full_name !== undefined && item.canonical.repository.full_name.toLowerCase() !== repoFullName.toLowerCase();
  if (item.event === 'marked_as_duplicate' && typeof item.canonical?.number === 'number' && item.canonical.number !== number && !elsewhere) {
    return { number, duplicateOf: item.canonical.number, via: 'event' };
  }
  return null;
}
