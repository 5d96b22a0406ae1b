import { CATEGORIES, type Category } from '../domain/triage';

// Accuracy over time: the model's prediction against the final value. An issue is *resolved* when a
// person corrected it (the fields they left alone count as confirmed, since they looked) or when it was
// closed without a correction at least the grace period ago (maintainers had time to object); an open,
// uncorrected issue is still pending and is not counted either way.

export const ACCURACY_WINDOWS = ['day', 'week', 'month'] as const;
export type AccuracyWindow = (typeof ACCURACY_WINDOWS)[number];
export const ACCURACY_FIELDS = ['category', 'priority', 'labels'] as const;
type Field = (typeof ACCURACY_FIELDS)[number];

export interface TriageValues {
  category: string;
  priority: string | null;
  labels: string[];
}

/** One issue the model triaged: its prediction (the last before any correction) and what it is now. */
export interface AccuracyRow {
  periodStart: string;
  model: string;
  predicted: TriageValues;
  final: TriageValues;
  corrected: boolean;
  /** Closed without a correction, longer ago than the grace period. */
  confirmedByClosing: boolean;
}

export interface Score { resolved: number; correct: number; accuracy: number | null }

export interface AccuracyPeriod {
  start: string;
  triaged: number;
  corrected: number;
  confirmed: number;
  pending: number;
  accuracy: Record<Field, number | null>;
  /** By the final (true) category: of the issues that are bugs, the share the model called bugs. */
  byCategory: Record<string, Score>;
  models: { model: string; triaged: number }[];
}

export interface AccuracyReport {
  window: AccuracyWindow;
  gracePeriodSeconds: number;
  periods: AccuracyPeriod[];
  /** Resolved issues over every period: rows are the final category, columns the predicted one. */
  confusion: { categories: string[]; matrix: number[][] };
}

const sameLabels = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

export function fieldCorrect(field: Field, predicted: TriageValues, final: TriageValues): boolean {
  return field === 'labels' ? sameLabels(predicted.labels, final.labels) : predicted[field] === final[field];
}

const ratio = (correct: number, resolved: number) => (resolved ? correct / resolved : null);

function summarise(start: string, rows: AccuracyRow[]): AccuracyPeriod {
  const resolved = rows.filter((r) => r.corrected || r.confirmedByClosing);
  const accuracy = Object.fromEntries(ACCURACY_FIELDS.map((f) =>
    [f, ratio(resolved.filter((r) => fieldCorrect(f, r.predicted, r.final)).length, resolved.length)])) as Record<Field, number | null>;
  const byCategory: Record<string, Score> = {};
  for (const r of resolved) {
    const s = (byCategory[r.final.category] ??= { resolved: 0, correct: 0, accuracy: null });
    s.resolved++;
    if (r.predicted.category === r.final.category) s.correct++;
  }
  for (const s of Object.values(byCategory)) s.accuracy = ratio(s.correct, s.resolved);
  const models = new Map<string, number>();
  for (const r of rows) models.set(r.model, (models.get(r.model) ?? 0) + 1);
  return {
    start,
    triaged: rows.length,
    corrected: rows.filter((r) => r.corrected).length,
    confirmed: rows.filter((r) => !r.corrected && r.confirmedByClosing).length,
    pending: rows.length - resolved.length,
    accuracy,
    byCategory,
    models: [...models].map(([model, triaged]) => ({ model, triaged })).sort((a, b) => b.triaged - a.triaged),
  };
}

/** `periodStarts` lists every period in range, oldest first, so empty periods show as gaps. */
export function computeAccuracy(rows: AccuracyRow[], periodStarts: string[], window: AccuracyWindow, gracePeriodMs: number): AccuracyReport {
  const categories: string[] = [...CATEGORIES];
  const matrix = categories.map(() => categories.map(() => 0));
  for (const r of rows) {
    if (!(r.corrected || r.confirmedByClosing)) continue;
    const row = categories.indexOf(r.final.category as Category);
    const col = categories.indexOf(r.predicted.category as Category);
    if (row >= 0 && col >= 0) matrix[row]![col]!++;
  }
  return {
    window,
    gracePeriodSeconds: Math.round(gracePeriodMs / 1000),
    periods: periodStarts.map((start) => summarise(start, rows.filter((r) => r.periodStart === start))),
    confusion: { categories, matrix },
  };
}
