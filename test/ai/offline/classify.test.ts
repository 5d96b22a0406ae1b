import { createTextClassifier, suggestLabels, toClassification } from '../../../src/ai/offline';
import type { ClassifyInput, RepoLabel } from '../../../src/ai/types';
import { issue } from './fixture';

const labelSet: RepoLabel[] = [
  { name: 'type: bug', description: 'Something is broken' },
  { name: 'enhancement', description: 'New feature or request' },
  { name: 'question' },
  { name: 'docs' },
  { name: 'area: csv' },
  { name: 'windows' },
  { name: 'duplicate' },
  { name: 'help wanted' },
];

describe('labels', () => {
  test('the label naming the category comes first, then labels the issue mentions', () => {
    const i = issue('CSV import crashes', 'On Windows the CSV import crashes. Maybe a duplicate, help wanted.');
    expect(suggestLabels('bug', i, labelSet)).toEqual(['type: bug', 'area: csv', 'windows']);
    expect(suggestLabels('feature', i, labelSet)).toEqual(['enhancement', 'area: csv', 'windows']);
    expect(suggestLabels('question', issue('How?'), labelSet)).toEqual(['question']);
    expect(suggestLabels('documentation', issue('Typo'), labelSet)).toEqual(['docs']);
  });

  test("GitHub's default descriptions identify category labels with unusual names", () => {
    expect(suggestLabels('bug', issue('x'), [{ name: '🐛', description: "Something isn't working" }])).toEqual(['🐛']);
  });

  test('with no repository labels the category name is suggested', () => {
    expect(suggestLabels('feature', issue('x'), [])).toEqual(['feature']);
    expect(suggestLabels('other', issue('x'), [])).toEqual(['other']);
  });
});

describe('classification', () => {
  const clf = createTextClassifier();
  const input = (similar: ClassifyInput['similar']): ClassifyInput => ({
    issue: issue('[Bug] CSV import crashes on Windows', 'Segmentation fault when importing.'),
    similar,
    examples: [],
    labelSet,
  });

  test('duplicateOf is the most similar issue at or above 0.9, usage is zero, rationale is one line', () => {
    const c = toClassification(clf.predict(input([]).issue), input([
      { number: 3, title: 'a', similarity: 0.91 },
      { number: 7, title: 'b', similarity: 0.95 },
      { number: 9, title: 'c', similarity: 0.5 },
    ]), 'offline:lr@0');
    expect(c.duplicateOf).toBe(7);
    expect(c.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(c.model).toBe('offline:lr@0');
    expect(c.rationale).not.toContain('\n');
    expect(c.rationale).toMatch(/^bug \(\d+%, cold-start rules\): .*a bug title prefix.*; priority p1: a crash; near-duplicate of #7/);
  });

  test('nothing at or above the threshold means no duplicate', () => {
    const c = toClassification(clf.predict(input([]).issue), input([{ number: 3, title: 'a', similarity: 0.89 }]), 'offline:lr@0');
    expect(c.duplicateOf).toBeNull();
  });
});
