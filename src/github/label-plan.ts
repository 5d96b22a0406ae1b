import type { TriageResult } from '../domain/triage';
import type { RepoConfig } from './repo-config';

// Pure rules of what write-back puts on an issue. Triageflow only ever adds labels: a label on the issue
// stays whoever set it, and a managed label a person removed is never added back.

export interface LabelPlan {
  /** The labels the triage maps to, after the human-only and removed ones are left out. */
  wanted: string[];
  /** Those of `wanted` the issue does not carry yet. */
  toAdd: string[];
}

export function wantedLabels(triage: TriageResult, config: RepoConfig): string[] {
  const labels = [
    config.categoryLabels[triage.category],
    triage.priority ? config.priorityLabels[triage.priority] : null,
    triage.duplicateOf ? config.duplicateLabel : null,
  ];
  return labels.filter((l): l is string => typeof l === 'string' && l.length > 0);
}

export function planLabels(triage: TriageResult, config: RepoConfig, onIssue: string[], removedByPeople: string[]): LabelPlan {
  const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const blocked = lower([...config.humanOnlyLabels, ...removedByPeople]);
  const present = lower(onIssue);
  const wanted = wantedLabels(triage, config).filter((l) => !blocked.has(l.toLowerCase()));
  // GitHub matches label names case-insensitively: "Bug" on the issue is the "bug" the mapping names.
  return { wanted, toAdd: wanted.filter((l) => !present.has(l.toLowerCase())) };
}

/** The hidden marker that makes the duplicate comment findable, so it is posted at most once. */
export const DUPLICATE_MARKER = '<!-- triageflow:duplicate-comment -->';

export function duplicateComment(template: string | null, triage: TriageResult): string | null {
  if (!template || !triage.duplicateOf) return null;
  return `${template.replaceAll('{{duplicateOf}}', String(triage.duplicateOf))}\n\n${DUPLICATE_MARKER}`;
}
