import type { GithubState, IssueStatus, TriageResult } from './triage';

/** What an issue's workflow knows; its `state` query returns it and the database stores the same. */
export interface TriageState {
  workflowId: string;
  repoId: number;
  repoFullName: string;
  number: number;
  title: string;
  status: IssueStatus;
  state: GithubState;
  contentHash: string | null;
  /** GitHub's updated_at of the newest delivery applied: older ones arriving late change nothing. */
  githubUpdatedAt: string | null;
  triage: TriageResult | null;
  corrected: boolean;
  reason: string | null;
  eventsHandled: number;
  correctionsApplied: number;
  /** The last write-back to GitHub; absent in runs started before write-back existed. */
  writeBack?: { status: string; reason: string | null } | null;
  /** Held by the confidence gate until a person approves or corrects, or until `until` (workflow time, ms). */
  review?: { until: number; onTimeout: 'write' | 'skip' } | null;
  /** The triage assistant: it asked the author for information and waits for it; absent when not known. */
  assistant?: { awaitingInfo: boolean } | null;
  /** The GitHub issue type as the workflow last saw it (null: none); absent before issue types. */
  issueType?: string | null;
  /** Close-as-duplicate counting down: closes at `until` (workflow time, ms) unless someone objects. */
  duplicateClose?: { until: number; duplicateOf: number } | null;
}

/** One workflow per issue, named by numeric ids so a renamed repository is still the same issue. */
export const triageWorkflowId = (repoId: number, number: number): string => `triage-issue-${repoId}-${number}`;
