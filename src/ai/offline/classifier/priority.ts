import { PRIORITIES, type Category } from '../../../domain/triage';
import type { IssueSignals } from './signals';

// Priority before anyone has corrected one: security and data loss first, then crashes and regressions,
// then other bugs; requests and questions wait. Reactions stand for how many people are affected.
// Corrections teach a learned priority head that gradually takes over from these rules.

export interface PriorityPrior {
  probs: Float64Array;
  reason: string;
}

// Reaction counts at which an issue moves up one level, then two (never to p0: that stays reserved
// for security and data loss).
const POPULAR = 20;
const VERY_POPULAR = 100;

export function priorityPrior(category: Category, s: IssueSignals, reactions = 0): PriorityPrior {
  const urgentKind = category !== 'feature' && category !== 'documentation';
  let level: number;
  let reason: string;
  if (urgentKind && s.security) [level, reason] = [0, 'security words'];
  else if (urgentKind && s.dataLoss) [level, reason] = [0, 'data-loss words'];
  else if (category === 'bug' && s.crash) [level, reason] = [1, 'a crash'];
  else if (category === 'bug' && s.regression) [level, reason] = [1, 'a regression'];
  else if (category === 'bug') [level, reason] = [2, 'a bug without crash, regression or data loss'];
  else [level, reason] = [3, `a ${category === 'other' ? 'non-bug issue' : category}`];

  const bump = reactions >= VERY_POPULAR ? 2 : reactions >= POPULAR ? 1 : 0;
  if (bump && level > 0) {
    level = Math.max(1, level - bump);
    reason += ` and ${reactions} reactions`;
  }
  return { probs: spread(level), reason };
}

/** Most weight on the chosen level, some on its neighbours: the rules are a guess, not a verdict. */
function spread(level: number): Float64Array {
  const p = PRIORITIES.map((_, i) => (i === level ? 0.55 : Math.abs(i - level) === 1 ? 0.15 : 0.05));
  const sum = p.reduce((a, b) => a + b, 0);
  return Float64Array.from(p, (v) => v / sum);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
