import type { GithubState } from './triage';

// A GitHub delivery as Triageflow reads it: the webhook router and the sweep store it, the forwarder
// signals it, the activities read it back. Plain data, so the workflow sandbox can load this module.

export type IssuesAction = 'opened' | 'edited' | 'reopened' | 'closed' | 'labeled' | 'unlabeled' | 'deleted' | 'transferred' | 'assigned' | 'unassigned' | 'typed' | 'untyped';

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
  /** `repository.private` as the payload said; a payload that does not say counts as private. */
  repoPrivate?: boolean;
  /** The issue type's name (null: none); absent when the payload predates issue types. */
  type?: string | null;
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
  /** The login an `assigned`/`unassigned` event added or removed (the triage assistant records people's). */
  assignee?: string;
  /** The issue type a `typed`/`untyped` event set or took off. */
  issueType?: string;
}

/** What the `delivery` signal carries: a GitHub delivery recorded in the webhook inbox. */
export interface DeliverySignal {
  deliveryId: string;
  eventName: GithubEvent['event'];
  action: GithubEvent['action'];
  githubUpdatedAt: string | null;
  receivedAt: string;
  /** How often a person put the delivery back after it was parked: the workflow handles it again. */
  retry?: number;
}
