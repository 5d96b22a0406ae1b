import type { TriageResult } from '../domain/triage';

// The ledger's words and its one rule: who last put a value on an issue. Triageflow takes off only what
// it put there itself and no person has put back since; what a person took off it never puts back.

export const LEDGER_KINDS = ['label', 'type', 'comment', 'assignee', 'state'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type LedgerAction = 'added' | 'removed';

/**
 * The part of Triageflow that wrote an entry. A part removes only its own: the triage's labels are
 * taken off when the triage changes, a label another part added (say, one asking for information) is not.
 */
export type LedgerFeature = 'triage' | 'duplicate' | (string & {});

/** Why Triageflow wrote: the step of the issue's workflow that led to it, and the triage then. */
export interface LedgerCause {
  /** 'classification', 'correction', 'approval', 'review-timeout', 'duplicate-deadline', … */
  kind: string;
  /** The delivery, correction or approval behind it. */
  ref?: string | null;
  /** The triage the write was derived from. */
  triage?: LedgerTriage | null;
}

export type LedgerTriage = Pick<TriageResult, 'category' | 'priority' | 'duplicateOf' | 'confidence' | 'model'>;

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  value: string;
  action: LedgerAction;
  byTriageflow: boolean;
  /** The person's login; null for Triageflow's own entries (and a person GitHub did not name). */
  actor: string | null;
  feature: string | null;
  cause: string;
  causeRef: string | null;
  triage: LedgerTriage | null;
  /** Written by a dry run: what Triageflow would have done, nothing that reached GitHub. */
  dryRun: boolean;
  at: string;
}

/** An entry to append: Triageflow's write, or a person's edit that a webhook reported. */
export type LedgerWrite =
  | { kind: LedgerKind; value: string; action: LedgerAction; byTriageflow: true; feature: LedgerFeature; cause: LedgerCause; dryRun: boolean }
  | { kind: LedgerKind; value: string; action: LedgerAction; byTriageflow: false; actor: string | null; deliveryId: string | null; cause?: LedgerCause };

export const ledgerTriage = (t: TriageResult | null | undefined): LedgerTriage | null =>
  t ? { category: t.category, priority: t.priority, duplicateOf: t.duplicateOf, confidence: t.confidence, model: t.model } : null;

/** GitHub matches label and type names case-insensitively. */
const key = (kind: LedgerKind, value: string) => `${kind}:${kind === 'label' || kind === 'type' ? value.toLowerCase() : value}`;

export interface LedgerView {
  /** The last entry for the value, or undefined when the ledger never saw it. */
  last(kind: LedgerKind, value: string): LedgerEntry | undefined;
  /** This part of Triageflow put the value on the issue, and no person has added or removed it since. */
  ownedBy(kind: LedgerKind, value: string, feature: LedgerFeature): boolean;
  /** Values a person took off the issue, last of all: Triageflow never puts them back. */
  removedByPeople(kind: LedgerKind): string[];
  /** Values whose last entry put them on the issue, in the order they were put there. */
  present(kind: LedgerKind): string[];
  /**
   * What is on the issue as GitHub showed it, with a dry run's own simulated writes applied on top, so
   * that a dry run after a correction shows the removals a live run would make.
   */
  onIssue(kind: LedgerKind, observed: string[]): string[];
}

/**
 * Reads an issue's entries (oldest first). A live run sees only what reached GitHub; a dry run sees its
 * own simulated writes too.
 */
export function ledgerView(entries: readonly LedgerEntry[], mode: { dryRun: boolean }): LedgerView {
  const last = new Map<string, LedgerEntry>();
  for (const e of entries) if (mode.dryRun || !e.dryRun) last.set(key(e.kind, e.value), e);
  const ofKind = (kind: LedgerKind) => [...last.values()].filter((e) => e.kind === kind);
  return {
    last: (kind, value) => last.get(key(kind, value)),
    ownedBy(kind, value, feature) {
      const e = last.get(key(kind, value));
      return !!e && e.byTriageflow && e.action === 'added' && e.feature === feature;
    },
    removedByPeople: (kind) => ofKind(kind).filter((e) => !e.byTriageflow && e.action === 'removed').map((e) => e.value),
    present: (kind) => ofKind(kind).filter((e) => e.action === 'added').sort((a, b) => a.id - b.id).map((e) => e.value),
    onIssue(kind, observed) {
      const simulated = ofKind(kind).filter((e) => e.dryRun);
      const gone = new Set(simulated.filter((e) => e.action === 'removed').map((e) => key(kind, e.value)));
      const seen = new Set(observed.map((v) => key(kind, v)));
      const added = simulated.filter((e) => e.action === 'added' && !seen.has(key(kind, e.value))).map((e) => e.value);
      return [...observed.filter((v) => !gone.has(key(kind, v))), ...added];
    },
  };
}
