import type { Category, Priority } from './triage';

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

/**
 * The audit trail's source of a label edit whose sender GitHub does not say may triage: kept as a note,
 * never applied, never learned from (issue 23).
 */
export const UNVERIFIED_SOURCE = 'github-unverified';
