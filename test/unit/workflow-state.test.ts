import type { Classification, TriageResult } from '../../src/domain/triage';
import { RecentIds } from '../../workflows/recent-ids';
import { applyClassification, applyCorrection, correctionDiff, correctionProblem, settledStatus, statusAfterCorrection } from '../../src/domain/triage-rules';

const triage: TriageResult = { category: 'bug', priority: 'p2', labels: ['bug'], confidence: 0.7, rationale: 'stack trace', duplicateOf: null, model: 'offline:x@1' };

test('a correction records only the fields it touches, before and after', () => {
  expect(correctionDiff(triage, { correctionId: 'c', actor: 'a', priority: 'p0', note: 'urgent' })).toEqual({ before: { priority: 'p2' }, after: { priority: 'p0' } });
  expect(correctionDiff(null, { correctionId: 'c', actor: 'a', category: 'feature' })).toEqual({ before: { category: undefined }, after: { category: 'feature' } });
});

test('applying a correction keeps the rest and sets confidence to 1', () => {
  expect(applyCorrection(triage, { category: 'question' })).toEqual({ ...triage, category: 'question', confidence: 1 });
  expect(applyCorrection(triage, {})).toBe(triage);
});

test('a correction of an untriaged issue sets what the person said and invents nothing', () => {
  expect(applyCorrection(null, { category: 'feature' })).toEqual({ category: 'feature', priority: null, labels: [], confidence: 1, rationale: 'Set by a person.', duplicateOf: null, model: null });
  expect(applyCorrection(null, { category: 'feature', priority: 'p1', labels: ['ui'] })).toMatchObject({ category: 'feature', priority: 'p1', labels: ['ui'] });
  expect(correctionProblem({ correctionId: 'c', actor: 'a', priority: 'p1' }, null)).toMatch(/no triage yet.*category/);
  expect(correctionProblem({ correctionId: 'c', actor: 'a', note: 'looked at it' }, null)).toBeNull();
  expect(correctionProblem({ correctionId: 'c', actor: 'a', priority: 'p1' }, triage)).toBeNull();
});

test('a new classification replaces a model triage but never a corrected one', () => {
  const answer: Classification = { ...triage, priority: 'p2', model: 'offline:x@1', category: 'documentation', confidence: 0.4, cached: true, usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 } };
  expect(applyClassification(triage, false, answer)).toEqual({ ...triage, category: 'documentation', confidence: 0.4 });
  const corrected = applyCorrection(triage, { priority: 'p0' })!;
  expect(applyClassification(corrected, true, answer)).toBe(corrected);
  expect(applyClassification(null, true, answer)).toMatchObject({ category: 'documentation' });
  expect(settledStatus(true)).toBe('corrected');
  expect(statusAfterCorrection('closed')).toBe('closed');
  expect(statusAfterCorrection('failed')).toBe('corrected');
});

test.each([
  [{ actor: '' }, /actor/],
  [{ actor: 'a', category: 'nope' }, /category/],
  [{ actor: 'a', priority: 'p5' }, /priority/],
  [{ actor: 'a', labels: [''] }, /labels/],
  [{ actor: 'a', duplicateOf: 0 }, /duplicateOf/],
  [{ actor: 'a' }, /must change something/],
])('correction %j is refused', (c, message) => {
  expect(correctionProblem({ correctionId: 'c', ...c } as never)).toMatch(message);
});

test('recent ids forget the oldest beyond the limit', () => {
  const ids = new RecentIds(['a', 'b'], 3);
  ids.add('c');
  ids.add('d');
  expect(ids.has('a')).toBe(false);
  expect(ids.toJSON()).toEqual(['b', 'c', 'd']);
});
