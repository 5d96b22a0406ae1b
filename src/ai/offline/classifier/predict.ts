import { CATEGORIES, PRIORITIES, type Category, type Priority } from '../../../domain/triage';
import { type IssueText } from '../../types';
import type { ClassifierOptions } from './options';
import { lrLogits, softmax, type LogisticState } from './logistic';
import { observe, priorityRules } from './observation';
import { argmax } from './priority';
import type { IssueSignals } from './signals';
import type { SparseVector } from './sparse';

// The most confidence the rules alone may claim: templates are often filled in wrongly.
export const COLD_START_MAX_CONFIDENCE = 0.6;

export interface Prediction {
  category: Category;
  categoryProbs: Float64Array;
  priority: Priority;
  priorityProbs: Float64Array;
  confidence: number;
  /** Why, in a few words each: learned features, or the rules that fired at cold start. */
  reasons: string[];
  priorityReason: string;
  /** False while nothing has been learned and the rules decide alone. */
  trained: boolean;
  signals: IssueSignals;
}

interface Heads {
  category: LogisticState;
  priority: LogisticState;
  evidence: { category: number; priority: number };
  options: ClassifierOptions;
}

export function predictWith(h: Heads, issue: IssueText): Prediction {
  const names = new Map<number, string>();
  const o = observe(issue, h.options, names);
  const trained = h.evidence.category > 0;
  const categoryProbs = softmax(lrLogits(h.category, o.x, o.categoryOffset));
  const c = argmax(categoryProbs);
  const category = CATEGORIES[c]!;

  const rules = priorityRules(category, o, issue, h.options);
  const priorityProbs = softmax(lrLogits(h.priority, o.x, rules.offset));
  const p = argmax(priorityProbs);
  const learnedPriority = h.evidence.priority > 0 && p !== argmax(rules.probs);

  const learned = trained ? topFeatures(h.category, o.x, c, names) : [];
  return {
    category,
    categoryProbs,
    priority: PRIORITIES[p]!,
    priorityProbs,
    confidence: trained ? categoryProbs[c]! : Math.min(COLD_START_MAX_CONFIDENCE, categoryProbs[c]!),
    // Learned features first; the rules' cues when the weights had nothing to add.
    reasons: learned.length ? learned : o.prior.reasons.slice(0, 3),
    priorityReason: learnedPriority ? 'learned from corrected priorities' : rules.reason,
    trained,
    signals: o.signals,
  };
}

/** Named features that pushed hardest towards class c rather than the others. */
function topFeatures(head: LogisticState, x: SparseVector, c: number, names: Map<number, string>): string[] {
  const k = head.classes;
  const scored: [number, string][] = [];
  for (let i = 0; i < x.idx.length; i++) {
    const name = names.get(x.idx[i]!);
    if (!name) continue;
    const base = x.idx[i]! * k;
    let others = 0;
    for (let o = 0; o < k; o++) if (o !== c) others += head.weights[base + o]!;
    const push = (head.weights[base + c]! - others / (k - 1)) * x.val[i]!;
    if (push > 0) scored.push([push, name]);
  }
  return scored.sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, name]) => name);
}
