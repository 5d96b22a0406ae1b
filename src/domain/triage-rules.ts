import { CATEGORIES, PRIORITIES, type Classification, type IssueStatus, type TriageResult } from './triage';
import type { CorrectionInput } from './correction';
import type { TriageState } from './triage-state';

// The rules of a triage's state, pure functions of plain data: the workflow applies them, and the API
// checks a correction with the same rule before it signals.

/** The state of an issue nothing is known of yet. */
export function initialState(key: Pick<TriageState, 'repoId' | 'repoFullName' | 'number'>, workflowId: string): TriageState {
  return {
    workflowId,
    repoId: key.repoId,
    repoFullName: key.repoFullName,
    number: key.number,
    title: '',
    status: 'pending',
    state: 'open',
    contentHash: null,
    githubUpdatedAt: null,
    triage: null,
    corrected: false,
    reason: null,
    eventsHandled: 0,
    correctionsApplied: 0,
  };
}

/**
 * Why a correction cannot be applied to this triage, or null when it can. The API checks the same rules
 * first; the workflow's check is the one that counts, as the API may have read an older triage.
 */
export function correctionProblem(c: CorrectionInput, current: TriageResult | null = null): string | null {
  if (!c.actor || !c.actor.trim()) return 'actor is required';
  if (c.category !== undefined && !(CATEGORIES as readonly string[]).includes(c.category)) return `category must be one of ${CATEGORIES.join(', ')}`;
  if (c.priority !== undefined && !(PRIORITIES as readonly string[]).includes(c.priority)) return `priority must be one of ${PRIORITIES.join(', ')}`;
  if (c.labels !== undefined && (!Array.isArray(c.labels) || c.labels.some((l) => typeof l !== 'string' || !l.trim()))) return 'labels must be a list of non-empty strings';
  if (c.duplicateOf !== undefined && c.duplicateOf !== null && !(Number.isInteger(c.duplicateOf) && c.duplicateOf > 0)) return 'duplicateOf must be a positive issue number or null';
  if (c.category === undefined && c.priority === undefined && c.labels === undefined && c.duplicateOf === undefined && !c.note) return 'a correction must change something or carry a note';
  if (!current && c.category === undefined && (c.priority !== undefined || c.labels !== undefined || c.duplicateOf !== undefined)) {
    return 'this issue has no triage yet: a correction of it must set the category too';
  }
  return null;
}

/** The before/after pair of the fields a correction touches, for the audit trail. */
export function correctionDiff(current: TriageResult | null, c: CorrectionInput): { before: Partial<TriageResult>; after: Partial<TriageResult> } {
  const touched = (['category', 'priority', 'labels', 'duplicateOf'] as const).filter((k) => c[k] !== undefined);
  const before: Partial<TriageResult> = {};
  const after: Partial<TriageResult> = {};
  for (const key of touched) {
    Object.assign(before, { [key]: key === 'duplicateOf' ? (current?.duplicateOf ?? null) : current?.[key] });
    Object.assign(after, { [key]: c[key] });
  }
  return { before, after };
}

// The reducers below are the one place that decides a triage's next state; the persist activities
// write what they return as it is, so the workflow and the database cannot disagree.

/**
 * The triage after a person's correction: what they set replaces the model's, and a person's answer is
 * certain (confidence 1). A note-only correction changes nothing. On an issue the model never triaged,
 * the fields the person did not set stay unset (no invented priority); `correctionProblem` makes sure
 * the category is among those they set.
 */
export function applyCorrection(current: TriageResult | null, after: Partial<TriageResult>): TriageResult | null {
  if (Object.keys(after).length === 0) return current;
  if (!current) {
    if (!after.category) return null;
    return { priority: null, labels: [], rationale: 'Set by a person.', duplicateOf: null, model: null, ...after, category: after.category, confidence: 1 };
  }
  return { ...current, ...after, confidence: 1 };
}

/**
 * The triage after the model classified a new text. A triage a person corrected keeps what they said:
 * the model's new view goes to the classification history only.
 */
export function applyClassification(current: TriageResult | null, corrected: boolean, classification: Classification): TriageResult {
  if (corrected && current) return current;
  const { cached: _cached, usage: _usage, ...result } = classification;
  return result;
}

/** The status an issue settles in once it has a triage. */
export function settledStatus(corrected: boolean): 'corrected' | 'triaged' {
  return corrected ? 'corrected' : 'triaged';
}

/** The status after a correction: a closed or deleted issue stays so. */
export function statusAfterCorrection(status: IssueStatus): IssueStatus {
  return status === 'closed' || status === 'deleted' ? status : 'corrected';
}
