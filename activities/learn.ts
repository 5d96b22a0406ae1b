import type { TriageModel } from '../src/ai/types';
import type { IssueStore } from '../src/issues/store';
import type { Category, Priority } from '../src/domain/triage';

export interface LearnInput {
  repoId: number;
  number: number;
  category?: Category;
  priority?: Priority;
  labels?: string[];
}

/** Teaches the model from a person's correction; only human labels ever reach `learn`. */
export function createLearn(deps: { issues: IssueStore; model: TriageModel }) {
  return async function learn(input: LearnInput): Promise<{ learned: boolean }> {
    if (!input.category && !input.priority && !input.labels) return { learned: false };
    const text = await deps.issues.issueText(input.repoId, input.number);
    if (!text) return { learned: false };
    await deps.model.learn({
      issue: { repo: text.repo, number: input.number, title: text.title, body: text.body, labels: text.labels, reactions: text.reactions },
      category: input.category,
      priority: input.priority,
      labels: input.labels,
      source: 'correction',
    });
    return { learned: true };
  };
}
