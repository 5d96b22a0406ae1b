import type { Pool } from '../src/db/pool';
import type { TriageModel } from '../src/ai/types';
import type { Category, Priority } from '../workflows/types';

export interface LearnInput {
  repoId: number;
  number: number;
  category?: Category;
  priority?: Priority;
  labels?: string[];
}

/** Teaches the model from a person's correction; only human labels ever reach `learn`. */
export function createLearn(deps: { pool: Pool; model: TriageModel }) {
  return async function learn(input: LearnInput): Promise<{ learned: boolean }> {
    if (!input.category && !input.priority && !input.labels) return { learned: false };
    const { rows } = await deps.pool.query<{ repo_full_name: string; title: string; body: string; github_labels: string[]; reactions: number }>(
      'SELECT repo_full_name, title, body, github_labels, reactions FROM issues WHERE repo_id = $1 AND number = $2',
      [input.repoId, input.number],
    );
    const row = rows[0];
    if (!row) return { learned: false };
    await deps.model.learn({
      issue: { repo: row.repo_full_name, number: input.number, title: row.title, body: row.body, labels: row.github_labels, reactions: row.reactions },
      category: input.category,
      priority: input.priority,
      labels: input.labels,
      source: 'correction',
    });
    return { learned: true };
  };
}
