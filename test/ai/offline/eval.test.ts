import path from 'node:path';
import { computeMetrics, stratifiedFolds, type EvalReport } from '../../../src/ai/offline';
import { createEvalCommand } from '../../../src/commands/eval';
import { UsageError } from '../../../src/commands/command';
import { FIXTURES } from './fixture';

const collect = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};

describe('metrics', () => {
  test('confusion matrix, per-class and macro-F1 match a hand computation', () => {
    // bug: P 1/2, R 1/2, F1 .5; feature: P 1/2, R 1, F1 2/3; question: P 1, R 1/2, F1 2/3
    const m = computeMetrics(['bug', 'bug', 'feature', 'question', 'question'], ['bug', 'feature', 'feature', 'bug', 'question'], ['bug', 'feature', 'question']);
    expect(m.confusion).toEqual({ labels: ['bug', 'feature', 'question'], matrix: [[1, 1, 0], [0, 1, 0], [1, 0, 1]] });
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    expect(m.perClass.map((c) => [c.label, c.precision, c.recall, c.support])).toEqual([['bug', 0.5, 0.5, 2], ['feature', 0.5, 1, 1], ['question', 1, 0.5, 2]]);
    expect(m.macroF1).toBeCloseTo((0.5 + 2 / 3 + 2 / 3) / 3, 12);
  });

  test('a predicted class absent from the gold labels shows in the matrix but not in the average', () => {
    const m = computeMetrics(['bug', 'feature'], ['documentation', 'feature'], ['bug', 'feature', 'documentation']);
    expect(m.confusion.labels).toEqual(['bug', 'feature', 'documentation']);
    expect(m.perClass.map((c) => c.label)).toEqual(['bug', 'feature']);
    expect(m.macroF1).toBe(0.5);
  });

  test('folds are stratified and repeatable', () => {
    const labels = [...Array(10).fill('a'), ...Array(5).fill('b')] as string[];
    const f = stratifiedFolds(labels, 5, 1);
    expect(stratifiedFolds(labels, 5, 1)).toEqual(f);
    for (let k = 0; k < 5; k++) {
      expect(labels.filter((l, i) => l === 'a' && f[i] === k)).toHaveLength(2);
      expect(labels.filter((l, i) => l === 'b' && f[i] === k)).toHaveLength(1);
    }
  });
});

describe('eval command', () => {
  const tiny = path.join(FIXTURES, 'offline-eval-tiny.csv');

  test('zero-shot on a tiny file: the metrics computed by hand', async () => {
    const { io, out } = collect();
    expect(await createEvalCommand(io).run(['--data', tiny, '--json'], {})).toBe(0);
    const report = JSON.parse(out.join('')) as EvalReport;
    // Rows: bug, feature, question, documentation. The crash reported as a question reads as a bug;
    // the "add support" request labelled bug reads as a feature; the other four are right.
    expect(report.metrics.confusion).toEqual({
      labels: ['bug', 'feature', 'question', 'documentation'],
      matrix: [[1, 1, 0, 0], [0, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1]],
    });
    expect(report.metrics.accuracy).toBeCloseTo(4 / 6, 12);
    // F1: bug .5, feature 2/3, question 2/3, documentation 1.
    expect(report.metrics.macroF1).toBeCloseTo((0.5 + 2 / 3 + 2 / 3 + 1) / 4, 12);
    expect(report.mode).toMatch(/^zero-shot/);
    expect(report.latency.classifyP50Ms).toBeGreaterThan(0);
  });

  test('cross-validation and prequential runs print a readable table', async () => {
    const data = path.join(FIXTURES, 'issues-small.csv');
    const cv = collect();
    expect(await createEvalCommand(cv.io).run(['--data', data, '--folds', '3', '--seed', '5'], {})).toBe(0);
    expect(cv.out.join('')).toMatch(/3-fold stratified cross-validation \(seed 5\)[\s\S]*macro-F1 {4}0\.\d{3}[\s\S]*confusion/);
    const pq = collect();
    expect(await createEvalCommand(pq.io).run(['--data', data, '--prequential', '--corrections-only'], {})).toBe(0);
    expect(pq.out.join('')).toMatch(/prequential overall 0\.\d{3}, last 107: 0\.\d{3}/);
  });

  test('usage mistakes and bad files are reported clearly', async () => {
    const { io, err } = collect();
    const cmd = createEvalCommand(io);
    await expect(cmd.run([], {})).rejects.toThrow(new UsageError('--data FILE is required'));
    await expect(cmd.run(['--data', tiny, '--folds', '1'], {})).rejects.toThrow(/--folds must be a whole number of at least 2/);
    await expect(cmd.run(['--data', tiny, '--folds', '3', '--prequential'], {})).rejects.toThrow(/choose one/);
    await expect(cmd.run(['--data', tiny, '--order=time'], {})).rejects.toThrow(/apply to --prequential only/);
    await expect(cmd.run(['--data', tiny, '--bogus'], {})).rejects.toBeInstanceOf(UsageError);
    expect(await cmd.run(['--data', path.join(FIXTURES, 'no-such-file.csv')], {})).toBe(1);
    expect(err.join('')).toMatch(/no-such-file\.csv: no such file/);
  });
});
