import type { TriageResult } from '../domain/triage';
import { isSecurityReport } from '../domain/assistant';
import { assistantOf } from './assistant-config';
import type { LedgerView } from './ledger';
import type { RepoConfig } from './repo-config';

// Pure rules of what write-back puts on an issue and takes off it. A label stays unless the triage put
// it there (the ledger says so) and no longer wants it; a label a person removed is never added back,
// and humanOnlyLabels are neither added nor removed.

export interface LabelPlan {
  /** The labels the triage maps to, after the human-only and removed ones are left out. */
  wanted: string[];
  /** Those of `wanted` the issue does not carry yet. */
  toAdd: string[];
  /** Labels the triage put on the issue earlier that it no longer maps to. */
  toRemove: string[];
}

/** The part of Triageflow that writes the triage's labels and type, in the ledger. */
export const TRIAGE_FEATURE = 'triage';

export function wantedLabels(triage: TriageResult, config: RepoConfig): string[] {
  const labels = [
    config.categoryLabels[triage.category],
    triage.priority ? config.priorityLabels[triage.priority] : null,
    triage.duplicateOf ? config.duplicateLabel : null,
    // The triage assistant's `security` triage label, mapped when the repository looks for security reports.
    isSecurityReport(triage) ? assistantOf(config).security?.label ?? null : null,
  ];
  return labels.filter((l): l is string => typeof l === 'string' && l.length > 0);
}

export function planLabels(triage: TriageResult, config: RepoConfig, onIssue: string[], ledger: LedgerView): LabelPlan {
  // GitHub matches label names case-insensitively: "Bug" on the issue is the "bug" the mapping names.
  const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const humanOnly = lower(config.humanOnlyLabels);
  const blocked = lower([...config.humanOnlyLabels, ...ledger.removedByPeople('label')]);
  const present = lower(onIssue);
  const wanted = wantedLabels(triage, config).filter((l) => !blocked.has(l.toLowerCase()));
  const keep = lower(wanted);
  return {
    wanted,
    toAdd: wanted.filter((l) => !present.has(l.toLowerCase())),
    toRemove: onIssue.filter((l) => !keep.has(l.toLowerCase()) && !humanOnly.has(l.toLowerCase()) && ledger.ownedBy('label', l, TRIAGE_FEATURE)),
  };
}

/** The hidden marker that makes the duplicate comment findable, so it is posted at most once. */
export const DUPLICATE_MARKER = '<!-- triageflow:duplicate-comment -->';

export function duplicateComment(template: string | null, triage: TriageResult): string | null {
  // A security report gets no comment but the assistant's fixed one: nothing that points at its text.
  if (!template || !triage.duplicateOf || isSecurityReport(triage)) return null;
  return `${template.replaceAll('{{duplicateOf}}', String(triage.duplicateOf))}\n\n${DUPLICATE_MARKER}`;
}
