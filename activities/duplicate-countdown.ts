import { closingNotice, CLOSE_FEATURE } from '../src/github/duplicate-notice';
import type { DuplicateCloseStore } from '../src/github/duplicate-close-store';
import type { IssueWriter } from '../src/github/issue-writer';
import { DUPLICATE_MARKER } from '../src/github/label-plan';
import type { LedgerEntry } from '../src/github/ledger';
import type { RepoConfig } from '../src/github/repo-config';
import type { IssueTarget } from '../src/github/write-target';
import type { TriageResult } from '../src/domain/triage';

// Close-as-duplicate at write-back: starts the one countdown an issue ever gets, with the comment that
// announces it, or keeps, ends or refuses one. The workflow's timer does the waiting.

export interface Countdown {
  /** Null: no countdown runs (any the workflow holds ends); otherwise how long until the deadline. */
  running: { afterMs: number; duplicateOf: number } | null;
  /** The comment posted (or, in a dry run, that would be); null when none. */
  comment: string | null;
  posted: boolean;
}

interface CountdownInput {
  repoId: number;
  number: number;
  config: RepoConfig;
  triage: TriageResult;
  /** Null: a dry run. */
  target: IssueTarget | null;
  writer: IssueWriter;
  entries: LedgerEntry[];
}

/** Undefined when the repository does not close duplicates and none is counting down: the plain comment rules. */
export async function duplicateCountdown(closes: DuplicateCloseStore, input: CountdownInput): Promise<Countdown | undefined> {
  const { repoId, number, config, triage } = input;
  const record = await closes.get(repoId, number);
  const none: Countdown = { running: null, comment: null, posted: false };
  if (!config.duplicateClose || !triage.duplicateOf) {
    if (record?.status === 'pending' || record?.status === 'dry-run') {
      const why = !config.duplicateClose ? 'duplicates.close was turned off in .github/triageflow.yml.' : `The triage no longer names #${record.duplicateOf} as the original.`;
      await closes.finish(repoId, number, 'cancelled', `${why} Triageflow counts down at most once per issue.`);
    }
    return config.duplicateClose ? none : undefined;
  }
  const { afterMs } = config.duplicateClose;
  const duplicateOf = triage.duplicateOf;
  if (record?.status === 'pending' && !input.target) {
    await closes.finish(repoId, number, 'cancelled', 'The repository is in dry run now: nothing is closed.');
    return none;
  }
  if (record?.status === 'pending') {
    if (record.duplicateOf === duplicateOf) return { ...none, running: { afterMs: Math.max(0, Date.parse(record.deadline!) - Date.now()), duplicateOf } };
    await closes.finish(repoId, number, 'cancelled', `The triage now names #${duplicateOf} instead of #${record.duplicateOf}; Triageflow counts down at most once per issue.`);
    return none;
  }
  // An objection, a close or a reopen ended the one countdown this issue gets.
  if (record && record.status !== 'dry-run') return none;

  if (!input.target) {
    await closes.start(repoId, number, { duplicateOf, status: 'dry-run', commentId: null, deadline: null });
    const comment = closingNotice({ duplicateOf, template: config.duplicateComment, afterMs, deadline: new Date(Date.now() + afterMs), duplicateLabel: config.duplicateLabel });
    return { running: null, comment, posted: false };
  }
  // A notice an earlier attempt posted but did not record: its deadline stands.
  const earlier = input.entries.find((e) => e.kind === 'comment' && e.byTriageflow && !e.dryRun && e.feature === CLOSE_FEATURE);
  const deadline = new Date((earlier ? Date.parse(earlier.at) : Date.now()) + afterMs);
  const comment = closingNotice({ duplicateOf, template: config.duplicateComment, afterMs, deadline, duplicateLabel: config.duplicateLabel });
  let commentId = earlier ? Number(earlier.value) : null;
  if (!earlier) {
    const { octokit, owner, repo } = input.target;
    const comments = await octokit.paginate(octokit.issues.listComments, { owner, repo, issue_number: number, per_page: 100 });
    // A plain duplicate comment from before the repository closed duplicates: never closed unannounced.
    if (comments.some((c) => c.body?.includes(DUPLICATE_MARKER))) return none;
    commentId = await input.writer.comment(comment, CLOSE_FEATURE);
  }
  await closes.start(repoId, number, { duplicateOf, status: 'pending', commentId, deadline: deadline.toISOString() });
  return { running: { afterMs: Math.max(0, deadline.getTime() - Date.now()), duplicateOf }, comment, posted: !earlier };
}
