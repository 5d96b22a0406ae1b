import { applyCorrection, correctionDiff, correctionProblem, RecentIds } from '../../workflows/state';
import type { TriageResult } from '../../workflows/types';

const triage: TriageResult = { category: 'bug', priority: 'p2', labels: ['bug'], confidence: 0.7, rationale: 'stack trace', duplicateOf: null, model: 'offline:x@1' };

test('a correction records only the fields it touches, before and after', () => {
  expect(correctionDiff(triage, { correctionId: 'c', actor: 'a', priority: 'p0', note: 'urgent' })).toEqual({ before: { priority: 'p2' }, after: { priority: 'p0' } });
  expect(correctionDiff(null, { correctionId: 'c', actor: 'a', category: 'feature' })).toEqual({ before: { category: undefined }, after: { category: 'feature' } });
});

test('applying a correction keeps the rest and sets confidence to 1', () => {
  expect(applyCorrection(triage, { category: 'question' })).toEqual({ ...triage, category: 'question', confidence: 1 });
  expect(applyCorrection(null, { priority: 'p1' })).toBeNull();
  expect(applyCorrection(null, { category: 'feature' })).toMatchObject({ category: 'feature', priority: 'p3', confidence: 1 });
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
