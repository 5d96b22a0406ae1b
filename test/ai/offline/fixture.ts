import path from 'node:path';
import { loadDataset } from '../../../src/ai/datasets';
import type { LabeledExample } from '../../../src/ai/types';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

/** The hand-written fixture: 107 issues of two made-up projects, in file order. */
export async function fixtureExamples(): Promise<LabeledExample[]> {
  const dataset = await loadDataset(path.join(FIXTURES, 'issues-small.csv'));
  return dataset.rows.map((r) => r.example);
}

/** Every fourth issue held out; the file is grouped by label, so both parts hold every category. */
export function split(examples: LabeledExample[]): { train: LabeledExample[]; test: LabeledExample[] } {
  return { train: examples.filter((_, i) => i % 4 !== 0), test: examples.filter((_, i) => i % 4 === 0) };
}

export const issue = (title: string, body = '', extra: Partial<LabeledExample['issue']> = {}): LabeledExample['issue'] => ({ repo: 'acme/ledger', title, body, ...extra });
