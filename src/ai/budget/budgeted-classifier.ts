import type { Classifier, ClassifyInput } from '../types';
import type { SpendReader } from './spend';

// LLM_DAILY_BUDGET_USD per repository and LLM_MAX_CALLS_PER_AUTHOR_PER_DAY: issue text is written by
// anyone, and without a cap one author (or a bot) editing issues all day buys a paid call per edit.
// Over a cap the offline model triages the issue instead, and its rationale says why, so the dashboard
// shows it beside the answer. Triage never stops for money.

export interface Budget {
  dailyUsdPerRepo: number | undefined;
  maxCallsPerAuthorPerDay: number | undefined;
}

/** Why the paid model may not be called for this issue today, or undefined when it may. */
export async function overBudget(budget: Budget, spend: SpendReader, input: ClassifyInput): Promise<string | undefined> {
  const { issue } = input;
  if (issue.repoId === undefined) return undefined;
  const today = await spend.today(issue.repoId, issue.author ?? null);
  if (budget.dailyUsdPerRepo !== undefined && today.repoUsd >= budget.dailyUsdPerRepo) {
    return `${issue.repo} has spent ${today.repoUsd.toFixed(4)} USD on the model today, its LLM_DAILY_BUDGET_USD of ${budget.dailyUsdPerRepo} USD`;
  }
  if (budget.maxCallsPerAuthorPerDay !== undefined && issue.author && today.authorCalls >= budget.maxCallsPerAuthorPerDay) {
    return `issues by ${issue.author} have had ${today.authorCalls} model calls today, LLM_MAX_CALLS_PER_AUTHOR_PER_DAY is ${budget.maxCallsPerAuthorPerDay}`;
  }
  return undefined;
}

/** The paid classifier within its budget; past it the offline one, with the reason in its rationale. */
export function budgetClassifier(paid: Classifier, offline: Classifier, deps: { budget: Budget; spend: SpendReader; onFallback?: (reason: string, input: ClassifyInput) => void }): Classifier {
  if (deps.budget.dailyUsdPerRepo === undefined && deps.budget.maxCallsPerAuthorPerDay === undefined) return paid;
  return {
    get id() {
      return paid.id;
    },
    cacheKey: paid.cacheKey && ((input) => paid.cacheKey!(input)),
    async classify(input) {
      const reason = await overBudget(deps.budget, deps.spend, input);
      if (!reason) return paid.classify(input);
      deps.onFallback?.(reason, input);
      const answer = await offline.classify(input);
      return { ...answer, rationale: `Model budget reached (${reason}): the offline model triaged this issue. ${answer.rationale}` };
    },
  };
}
