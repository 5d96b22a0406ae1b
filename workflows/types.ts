import type { Category, Priority } from '../src/ai/types';
import type { IssueStatus, GithubState, TriageResult } from '../src/issues/view';

// Plain data carried by signals, activity arguments and workflow state. Type-only imports keep this
// module free of anything a workflow sandbox cannot load.

export type { Category, Priority, IssueStatus, GithubState, TriageResult };

export type IssuesAction = 'opened' | 'edited' | 'reopened' | 'closed' | 'labeled' | 'unlabeled' | 'deleted' | 'transferred';

/** The facts of an issue as one GitHub delivery reported them. */
export interface IssueSnapshot {
  repoId: number;
  repoFullName: string;
  number: number;
  githubId: number;
  title: string;
  body: string;
  author: string | null;
  url: string | null;
  state: GithubState;
  labels: string[];
  reactions: number;
  commentsCount: number;
}

export interface GithubEvent {
  deliveryId: string;
  event: 'issues' | 'issue_comment';
  action: IssuesAction | 'created';
  receivedAt: string; // ISO time the webhook arrived
  /** The issue's updated_at as GitHub reported it; null when the payload had none. */
  githubUpdatedAt: string | null;
  issue: IssueSnapshot;
  /** The repository's label set with descriptions, when the payload carried labels. */
  repoLabels?: { name: string; description?: string }[];
  comment?: { id: number; author: string | null; createdAt: string };
  /** Who caused the event; `type` is "Bot" for GitHub Apps. */
  sender?: { login: string; type: string };
  /** The GitHub App installation that delivered the event, when the webhook is an App's. */
  installationId?: number;
  /** The label a `labeled`/`unlabeled` event added or removed. */
  label?: string;
}

/** What the `delivery` signal carries: a GitHub delivery recorded in the webhook inbox. */
export interface DeliverySignal {
  deliveryId: string;
  eventName: GithubEvent['event'];
  action: GithubEvent['action'];
  githubUpdatedAt: string | null;
  receivedAt: string;
}

/** A person's correction, sent by the dashboard/API as the `correct` signal. */
export interface CorrectionInput {
  correctionId: string;
  actor: string;
  category?: Category;
  priority?: Priority;
  labels?: string[];
  duplicateOf?: number | null;
  note?: string;
  /** Where it came from: the dashboard/API (the default) or a person's label edit on GitHub. */
  source?: CorrectionSource;
}

export type CorrectionSource = 'dashboard' | 'github';

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
}

export interface TriageIssueArgs {
  repoId: number;
  repoFullName: string;
  number: number;
  /** Set by continue-as-new: what the previous run knew and had not yet handled. */
  carried?: {
    state: TriageState;
    pending: PendingItem[];
    seenDeliveries: string[];
    seenCorrections: string[];
  };
}

export type TriageArgsKey = Pick<TriageIssueArgs, 'repoId' | 'repoFullName' | 'number'>;

export type PendingItem = { kind: 'delivery'; delivery: DeliverySignal } | { kind: 'correction'; correction: CorrectionInput } | { kind: 'approval'; actor: string };

export const triageWorkflowId = (repoId: number, number: number): string => `triage-issue-${repoId}-${number}`;
