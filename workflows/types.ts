import type { CorrectionInput } from '../src/domain/correction';
import type { DeliverySignal } from '../src/domain/github-event';
import type { TriageState } from '../src/domain/triage-state';

// The workflow's own arguments and queue. The words it shares with the server and the worker
// (events, corrections, the triage state) live in src/domain.

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
