import type { GithubState, IssueStatus, SimilarIssue, TriageResult } from '../domain/triage';

// The one shape an issue has outside the database: the detail API returns it, the list API returns
// it without the history arrays, and every socket.io `issue.updated` event carries it whole.

export interface ClassificationRecord extends TriageResult {
  createdAt: string;
  cached: boolean;
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

export interface CorrectionRecord {
  id: number;
  actor: string;
  note: string | null;
  /** 'github' when a person's label edit on GitHub made it; 'github-unverified' for a note of an edit GitHub did not say its sender may make. */
  source: 'dashboard' | 'github' | 'github-unverified';
  before: Partial<TriageResult>;
  after: Partial<TriageResult>;
  createdAt: string;
}

export interface IssueSummary {
  repo: string; // "owner/name"
  repoId: number;
  /** The repository is private (or not known to be public): without the token, public reads leave it out. */
  repoPrivate: boolean;
  number: number;
  title: string;
  url: string | null;
  author: string | null;
  state: GithubState;
  status: IssueStatus;
  githubLabels: string[];
  triage: TriageResult | null;
  corrected: boolean;
  /** Why the issue is `invalid` or `failed`. */
  invalidReason: string | null;
  commentsCount: number;
  workflowId: string;
  temporalUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IssueDetail extends IssueSummary {
  body: string;
  similar: SimilarIssue[];
  classifications: ClassificationRecord[];
  corrections: CorrectionRecord[];
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

export interface IssueList {
  items: IssueSummary[];
  page: number;
  pageSize: number;
  total: number;
}

/** The socket.io event every dashboard listens to; its payload is an IssueDetail. */
export const ISSUE_UPDATED_EVENT = 'issue.updated';
