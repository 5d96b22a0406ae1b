import { CATEGORIES, PRIORITIES } from '../../../domain/triage';
import { type LabeledExample } from '../../types';

export interface TrainReport {
  /** Examples the model was fitted on: everything stored, earlier corrections included. */
  examples: number;
  corrections: number;
  byCategory: Record<string, number>;
  byPriority: Record<string, number>;
  /** Of the examples passed to this run: stored now, or already known and skipped. */
  added: number;
  duplicates: number;
  version: number;
  model: string;
  millis: number;
}

export function summarize(all: LabeledExample[], batch: { added: number; duplicates: number }): Omit<TrainReport, 'version' | 'model' | 'millis'> {
  const byCategory: Record<string, number> = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const byPriority: Record<string, number> = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  for (const e of all) {
    if (e.category) byCategory[e.category]!++;
    if (e.priority) byPriority[e.priority]!++;
  }
  return {
    examples: all.length,
    corrections: all.filter((e) => e.source === 'correction').length,
    byCategory,
    byPriority,
    added: batch.added,
    duplicates: batch.duplicates,
  };
}
