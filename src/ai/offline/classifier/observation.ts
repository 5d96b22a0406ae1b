import type { Category } from '../../../domain/triage';
import type { IssueText } from '../../types';
import type { ClassifierOptions } from './options';
import { extractFeatures } from './features';
import { categoryPrior, type Prior } from './priors';
import { priorityPrior, type PriorityPrior } from './priority';
import type { IssueSignals } from './signals';
import type { SparseVector } from './sparse';

// What both heads see of an issue: its features, and the rules' opinion as a log-probability offset.
// The weights are trained on top of that offset, so with no data the rules decide, with a few examples
// the weights correct the rules where they are wrong, and with many they can overrule them.

export interface Observation {
  x: SparseVector;
  signals: IssueSignals;
  prior: Prior;
  categoryOffset: Float64Array;
}

export function observe(issue: IssueText, options: ClassifierOptions, names?: Map<number, string>): Observation {
  const { vector, clean, signals } = extractFeatures(issue.title, issue.body, options.features, names);
  const prior = categoryPrior(clean, signals);
  return { x: vector, signals, prior, categoryOffset: logOf(prior.probs, options.priorWeight) };
}

export function priorityRules(category: Category, o: Observation, issue: IssueText, options: ClassifierOptions): PriorityPrior & { offset: Float64Array } {
  const rules = priorityPrior(category, o.signals, issue.reactions ?? 0);
  return { ...rules, offset: logOf(rules.probs, options.priorityPriorWeight) };
}

const logOf = (probs: Float64Array, weight: number): Float64Array => Float64Array.from(probs, (p) => weight * Math.log(p));
