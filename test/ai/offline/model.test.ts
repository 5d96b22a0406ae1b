import { createOfflineModel, type OfflineModel } from '../../../src/ai/offline';
import type { ClassifyInput, LabeledExample } from '../../../src/ai/types';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { migrate } from '../../../src/db/migrate';
import { createPool, type Pool } from '../../../src/db/pool';
import { silentLogger } from '../../../src/log';
import { fixtureExamples, issue } from './fixture';

const input = (i: LabeledExample['issue']): ClassifyInput => ({ issue: i, similar: [], examples: [], labelSet: [] });

const slowReport = issue('The register report is slow with many accounts', 'The register report takes 40 seconds when the journal has 3000 accounts.');
const correction = (n: number, category: LabeledExample['category']): LabeledExample => ({
  issue: issue('The balance report is slow with many accounts', `The balance report takes ${n} seconds with 2000 accounts.`, { number: 900 + n }),
  category,
  source: 'correction',
});

describe('offline model on PostgreSQL', () => {
  let db: EmbeddedDatabase;
  let pool: Pool;
  let examples: LabeledExample[];
  const open = (opts: { refreshMs?: number; checkpointEvery?: number } = {}): Promise<OfflineModel> => createOfflineModel({ pool, log: silentLogger, ...opts });

  beforeAll(async () => {
    examples = await fixtureExamples();
  });
  // A fresh database per test: the model is one shared state per database.
  beforeEach(async () => {
    db = await startEmbeddedDatabase({});
    pool = createPool(db.url, 4);
    await migrate(pool);
  });
  afterEach(async () => {
    await pool.end();
    await db.stop();
  });

  test('cold start answers from the rules with low confidence; training persists a versioned model', async () => {
    const model = await open();
    expect(model.classifier.id).toBe('offline:lr@0');
    const cold = await model.classifier.classify(input(issue('[Bug] Export crashes', 'Segmentation fault')));
    expect(cold).toMatchObject({ category: 'bug', model: 'offline:lr@0', labels: ['bug'], duplicateOf: null });
    expect(cold.confidence).toBeLessThanOrEqual(0.6);

    const report = await model.train(examples);
    expect(report).toMatchObject({ examples: examples.length, added: examples.length, duplicates: 0, corrections: 0 });
    expect(report.byCategory).toEqual({ bug: 26, feature: 33, question: 30, documentation: 18, other: 0 });
    expect(model.classifier.id).toBe(`offline:lr@${examples.length + 1}`);
    expect(report.model).toBe(model.classifier.id);

    const again = await model.train(examples);
    expect(again).toMatchObject({ added: 0, duplicates: examples.length });
  });

  test('a persisted model loads back identically in a new instance', async () => {
    const first = await open();
    await first.train(examples.slice(0, 90));
    for (const e of examples.slice(90)) await first.learn({ ...e, source: 'correction' });
    const second = await open();
    expect(second.classifier.id).toBe(first.classifier.id);
    for (const e of examples) expect(await second.classifier.classify(input(e.issue))).toEqual(await first.classifier.classify(input(e.issue)));
  });

  test('a correction changes the next prediction, and another process sees it', async () => {
    const a = await open();
    const b = await open({ refreshMs: 0 });
    await a.train(examples);
    const before = await b.classifier.classify(input(slowReport));
    const target = before.category === 'feature' ? 'bug' : 'feature';
    await a.learn(correction(30, target));
    await b.refresh();
    expect(b.classifier.id).toBe(a.classifier.id);
    expect((await a.classifier.classify(input(slowReport))).category).toBe(target);
    const seen = await b.classifier.classify(input(slowReport));
    expect(seen.category).toBe(target);
    expect(seen.model).toBe(a.classifier.id);
    expect(seen.model).not.toBe(before.model);
  });

  test('concurrent learns in two processes lose nothing and both end with the same model', async () => {
    const a = await open();
    const b = await open();
    await a.train(examples.slice(0, 60));
    const labels = ['feature', 'bug', 'question', 'feature', 'bug', 'question'] as const;
    await Promise.all(labels.map((c, i) => (i % 2 ? a : b).learn(correction(i + 1, c))));
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM offline_examples WHERE source = 'correction'");
    expect(rows[0]!.n).toBe(labels.length);
    await Promise.all([a.reload(), b.reload()]);
    expect(a.classifier.id).toBe(b.classifier.id);
    for (const e of examples.slice(60)) expect(await b.classifier.classify(input(e.issue))).toEqual(await a.classifier.classify(input(e.issue)));
  });

  test('a retried learn adds nothing, and a label without category or priority is ignored', async () => {
    const model = await open();
    await model.learn(correction(5, 'feature'));
    const id = model.classifier.id;
    await model.learn(correction(5, 'feature'));
    await model.learn({ issue: slowReport, source: 'correction' });
    expect(model.classifier.id).toBe(id);
    // Changing one's mind is not a retry: the same issue corrected back again is learned.
    await model.learn(correction(5, 'bug'));
    await model.learn(correction(5, 'feature'));
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM offline_examples');
    expect(rows[0]!.n).toBe(3);
  });

  test('checkpoints bound the replay and load back identically', async () => {
    const model = await open({ checkpointEvery: 3 });
    for (const [i, e] of examples.slice(0, 10).entries()) await model.learn({ ...e, issue: { ...e.issue, number: 500 + i }, source: 'correction' });
    // Snapshots take version numbers too (examples 1-3, snapshot 4, examples 5-6, snapshot 7, ...);
    // four were written and the newest three kept.
    const { rows } = await pool.query<{ covers: number }>('SELECT covers::int FROM offline_model_snapshots ORDER BY version');
    expect(rows.map((r) => r.covers)).toEqual([6, 9, 12]);
    const fresh = await open();
    for (const e of examples.slice(10, 40)) expect(await fresh.classifier.classify(input(e.issue))).toEqual(await model.classifier.classify(input(e.issue)));
  });
});
