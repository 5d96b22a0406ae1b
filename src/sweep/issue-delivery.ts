import type { IssuesAction } from '../domain/github-event';
import { triageWorkflowId } from '../domain/triage-state';
import type { InboxEntry } from '../inbox/store';
import type { StoredIssue } from './store';

// An issue the sweep found on GitHub becomes an inbox delivery of its own, shaped like the `issues`
// webhook GitHub would have sent, so it is forwarded, ordered and triaged exactly like one.

/** The fields of GitHub's REST issue the sweep reads; the whole object goes into the payload. */
export interface RestIssue {
  number: number;
  state: string;
  updated_at: string;
  pull_request?: unknown;
}

export interface RestRepository {
  id: number;
  full_name: string;
  private: boolean;
}

export type SweepDecision =
  | { kind: 'queue'; action: IssuesAction }
  /** The inbox holds this version or a newer one. */
  | { kind: 'received' }
  /** A redelivery of this version was asked for moments ago and may still arrive. */
  | { kind: 'awaiting-redelivery' }
  /** Closed before Triageflow ever saw it: people have dealt with it, and labels on it would be noise. */
  | { kind: 'closed-unseen' };

const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

export function decide(issue: RestIssue, stored: StoredIssue | undefined, redeliveryPending: string | undefined): SweepDecision {
  if (at(stored?.receivedUpdatedAt) >= at(issue.updated_at)) return { kind: 'received' };
  if (at(redeliveryPending) >= at(issue.updated_at)) return { kind: 'awaiting-redelivery' };
  const closedOnGithub = issue.state === 'closed';
  if (!stored?.known) return closedOnGithub ? { kind: 'closed-unseen' } : { kind: 'queue', action: 'opened' };
  // A close or reopen we missed is sent as one, so the issue's workflow ends (or starts) as it would have.
  if (closedOnGithub && stored.storedState !== 'closed') return { kind: 'queue', action: 'closed' };
  if (!closedOnGithub && stored.storedState === 'closed') return { kind: 'queue', action: 'reopened' };
  return { kind: 'queue', action: 'edited' };
}

/** The delivery id names the issue's version, so however often sweeps find it, it is queued once. */
export const sweepDeliveryId = (repoId: number, number: number, updatedAt: string): string => `sweep:${repoId}:${number}:${updatedAt}`;

export function sweepDelivery(repo: RestRepository, issue: RestIssue, action: IssuesAction): InboxEntry {
  return {
    deliveryId: sweepDeliveryId(repo.id, issue.number, issue.updated_at),
    eventName: 'issues',
    action,
    repoId: repo.id,
    repoFullName: repo.full_name,
    number: issue.number,
    workflowId: triageWorkflowId(repo.id, issue.number),
    githubUpdatedAt: issue.updated_at,
    rawPayload: JSON.stringify({ action, issue, repository: { id: repo.id, full_name: repo.full_name, private: repo.private } }),
  };
}
