import { CATEGORIES, PRIORITIES } from '../src/ai/types';
import type { CorrectionInput, TriageArgsKey, TriageResult, TriageState } from './types';

export function initialState(key: TriageArgsKey, workflowId: string): TriageState {
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

/** Remembers the most recent ids only, so the set carried through continue-as-new stays small. */
export class RecentIds {
  private readonly ids: string[];
  constructor(initial: string[], private readonly limit = 500) {
    this.ids = initial.slice(-limit);
  }
  has(id: string): boolean {
    return this.ids.includes(id);
  }
  add(id: string): void {
    this.ids.push(id);
    if (this.ids.length > this.limit) this.ids.shift();
  }
  toJSON(): string[] {
    return [...this.ids];
  }
}

/** Why a correction cannot be applied, or null when it can. The API checks the same rules first. */
export function correctionProblem(c: CorrectionInput): string | null {
  if (!c.actor || !c.actor.trim()) return 'actor is required';
  if (c.category !== undefined && !(CATEGORIES as readonly string[]).includes(c.category)) return `category must be one of ${CATEGORIES.join(', ')}`;
  if (c.priority !== undefined && !(PRIORITIES as readonly string[]).includes(c.priority)) return `priority must be one of ${PRIORITIES.join(', ')}`;
  if (c.labels !== undefined && (!Array.isArray(c.labels) || c.labels.some((l) => typeof l !== 'string' || !l.trim()))) return 'labels must be a list of non-empty strings';
  if (c.duplicateOf !== undefined && c.duplicateOf !== null && !(Number.isInteger(c.duplicateOf) && c.duplicateOf > 0)) return 'duplicateOf must be a positive issue number or null';
  if (c.category === undefined && c.priority === undefined && c.labels === undefined && c.duplicateOf === undefined && !c.note) return 'a correction must change something or carry a note';
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

export function applyCorrection(current: TriageResult | null, after: Partial<TriageResult>): TriageResult | null {
  if (!current && !after.category) return current;
  const base: TriageResult = current ?? { category: after.category!, priority: 'p3', labels: [], confidence: 1, rationale: 'Set by a person.', duplicateOf: null, model: null };
  return { ...base, ...after, confidence: 1 };
}
