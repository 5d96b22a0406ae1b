import { createOfflineEmbedder, cosine } from '../../../src/ai/offline';
import { fixtureExamples } from './fixture';

const original = `CSV import loses transactions after a blank line

When the bank CSV contains an empty line in the middle, every transaction after it is silently dropped.
I lost two months of entries before noticing. Expected the importer to skip the blank line and continue.
Tested with ledger 2.8.0 on Ubuntu 22.04 and a CSV export from my bank.`;

const edited = `CSV import loses transactions after an empty line

When the bank CSV contains an empty line in the middle, every transacton after it is dropped silently.
I lost two months of entries before noticing. I expected the importer to skip the blank line and continue.
Tested with ledger 2.8.0 on Ubuntu 22.04 and a CSV export from my bank.`;

describe('offline embedder', () => {
  const embedder = createOfflineEmbedder();

  test('names its version and dimension, and returns unit vectors of that dimension', async () => {
    expect(embedder.id).toBe('offline:hash-ngram-v1:1024');
    const [v] = await embedder.embed([original]);
    expect(v).toHaveLength(embedder.dimensions);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 10);
  });

  test('a lightly edited copy scores at least 0.9, unrelated issues far below', async () => {
    const others = (await fixtureExamples()).filter((e) => !e.issue.title.startsWith('CSV import loses'));
    const [a, b, ...rest] = await embedder.embed([original, edited, ...others.map((e) => `${e.issue.title}\n\n${e.issue.body}`)]);
    expect(cosine(a!, b!)).toBeGreaterThanOrEqual(0.9);
    const unrelated = rest.map((v) => cosine(a!, v));
    expect(Math.max(...unrelated)).toBeLessThan(0.6);
  });

  // Stored vectors are compared with new ones for as long as this embedder id lives: any change to
  // the tokenizer, hashing, IDF table or weighting must come with a new id, and this test says so.
  test('vectors never change for this embedder id', async () => {
    const [v] = await embedder.embed(['Crash when removing a layer during a pan animation\n\nTypeError: this._map is null']);
    const [again] = await embedder.embed(['Crash when removing a layer during a pan animation\n\nTypeError: this._map is null']);
    expect(again).toEqual(v);
    const fingerprint = v!.reduce((s, x, i) => s + x * ((i % 7) + 1), 0);
    const strongest = v!.map((x, i) => [Math.abs(x), i] as const).sort((p, q) => q[0] - p[0]).slice(0, 3).map(([, i]) => i);
    expect({ fingerprint: Number(fingerprint.toFixed(9)), strongest, nonZero: v!.filter((x) => x !== 0).length }).toEqual(GOLDEN);
  });

  test('empty text embeds to the zero vector instead of failing', async () => {
    const [v] = await embedder.embed(['']);
    expect(v!.every((x) => x === 0)).toBe(true);
  });
});

const GOLDEN = { fingerprint: 4.079822961, strongest: [600, 393, 482], nonZero: 157 };
