import { performance } from 'node:perf_hooks';
import type { Category } from '../../../domain/triage';
import type { LabeledExample } from '../../types';
import { toClassification } from '../classifier/classify';
import { seededRandom, shuffleInPlace } from '../classifier/rng';
import { createTextClassifier, type TextClassifier } from '../classifier/text-classifier';
import { stratifiedFolds } from './folds';

// The three ways the eval command measures the classifier, all in memory.

export interface EvalItem {
  example: LabeledExample & { category: Category };
  /** Creation time when the data has one, for chronological prequential runs. */
  createdAt?: string;
}

export interface ModeResult {
  gold: Category[];
  predicted: Category[];
  classifyMs: number[];
  fitMs: number[];
}

export type PrequentialOrder = 'file' | 'shuffle' | 'time';

/** Classifies as the production path does (prediction plus labels and rationale) and times it. */
function classifyTimed(clf: TextClassifier, item: EvalItem, into: ModeResult): Category {
  const start = performance.now();
  const issue = item.example.issue;
  const c = toClassification(clf.predict(issue), { issue, similar: [], examples: [], labelSet: [] }, 'offline:eval');
  into.classifyMs.push(performance.now() - start);
  return c.category;
}

const empty = (): ModeResult => ({ gold: [], predicted: [], classifyMs: [], fitMs: [] });

/** Cold start: nothing learned, the rules decide. */
export function zeroShot(items: EvalItem[]): ModeResult {
  const out = empty();
  const clf = createTextClassifier();
  for (const item of items) {
    out.gold.push(item.example.category);
    out.predicted.push(classifyTimed(clf, item, out));
  }
  return out;
}

export function crossValidate(items: EvalItem[], k: number, seed: number): ModeResult {
  const fold = stratifiedFolds(items.map((i) => i.example.category), k, seed);
  const predicted = new Array<Category>(items.length);
  const out = empty();
  for (let f = 0; f < k; f++) {
    const clf = createTextClassifier({ seed: seed + f });
    const start = performance.now();
    clf.fit(items.filter((_, i) => fold[i] !== f).map((i) => i.example));
    out.fitMs.push(performance.now() - start);
    items.forEach((item, i) => {
      if (fold[i] === f) predicted[i] = classifyTimed(clf, item, out);
    });
  }
  out.gold = items.map((i) => i.example.category);
  out.predicted = predicted;
  return out;
}

/**
 * Test-then-train, one issue at a time. A wrong prediction is corrected as a person would
 * (source "correction"); a right one is learned as a confirmed label (source "import") unless
 * `correctionsOnly`, which mirrors a pipeline that hears only about mistakes.
 */
export function prequential(items: EvalItem[], opts: { order: PrequentialOrder; seed: number; correctionsOnly: boolean }): ModeResult {
  const ordered = orderItems(items, opts.order, opts.seed);
  const clf = createTextClassifier({ seed: opts.seed });
  const out = empty();
  for (const item of ordered) {
    const predicted = classifyTimed(clf, item, out);
    out.gold.push(item.example.category);
    out.predicted.push(predicted);
    const wrong = predicted !== item.example.category;
    if (wrong || !opts.correctionsOnly) clf.partialFit({ ...item.example, source: wrong ? 'correction' : 'import' });
  }
  return out;
}

function orderItems(items: EvalItem[], order: PrequentialOrder, seed: number): EvalItem[] {
  if (order === 'file') return items;
  if (order === 'shuffle') return shuffleInPlace([...items], seededRandom(seed));
  if (items.some((i) => !i.createdAt)) throw new Error('--order time needs a created_at column on every row');
  return [...items].sort((a, b) => a.createdAt!.localeCompare(b.createdAt!));
}
