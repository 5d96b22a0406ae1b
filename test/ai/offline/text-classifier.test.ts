import { createTextClassifier, textClassifierFromJSON, type TextClassifier } from '../../../src/ai/offline';
import type { LabeledExample } from '../../../src/ai/types';
import { fixtureExamples, issue, split } from './fixture';

const accuracy = (clf: TextClassifier, examples: LabeledExample[]) =>
  examples.filter((e) => clf.predict(e.issue).category === e.category).length / examples.length;

describe('trainable classifier', () => {
  let examples: LabeledExample[];
  beforeAll(async () => {
    examples = await fixtureExamples();
  });

  test('training improves held-out accuracy over the cold-start rules', () => {
    const { train, test: heldOut } = split(examples);
    const zeroShot = accuracy(createTextClassifier(), heldOut);
    const clf = createTextClassifier();
    clf.fit(train);
    const trained = accuracy(clf, heldOut);
    expect(trained).toBeGreaterThan(zeroShot + 0.1);
    expect(trained).toBeGreaterThanOrEqual(0.85);
    expect(clf.evidence.category).toBe(train.length);
  });

  test('a correction changes the next prediction for a similar issue', () => {
    const clf = createTextClassifier();
    clf.fit(examples);
    const similar = issue('The register report is slow with many accounts', 'The register report takes 40 seconds when the journal has 3000 accounts.');
    const before = clf.predict(similar).category;
    const corrected = before === 'feature' ? 'bug' : 'feature';
    clf.partialFit({ issue: issue('The balance report is slow with many accounts', 'The balance report takes 30 seconds with 2000 accounts.'), category: corrected, source: 'correction' });
    expect(clf.predict(similar).category).toBe(corrected);
    expect(clf.evidence.category).toBe(examples.length + 3);
  });

  test('priority is learned from corrections', () => {
    const clf = createTextClassifier();
    clf.fit(examples);
    const cosmetic = issue('[Bug] Report header is misaligned in the terminal', 'The header of the balance report is shifted by one column.');
    expect(clf.predict(cosmetic).priority).toBe('p2');
    for (const what of ['register', 'budget', 'balance']) {
      clf.partialFit({ issue: issue(`[Bug] ${what} report header is misaligned`, `The header of the ${what} report is shifted by one column.`), category: 'bug', priority: 'p3', source: 'correction' });
    }
    const p = clf.predict(cosmetic);
    expect(p.priority).toBe('p3');
    expect(p.priorityReason).toBe('learned from corrected priorities');
  });

  test('a saved classifier loads back identically and keeps learning identically', () => {
    const original = createTextClassifier();
    original.fit(examples.slice(0, 80));
    const saved = JSON.parse(JSON.stringify(original.toJSON()));
    const restored = textClassifierFromJSON(saved, examples.slice(0, 80));
    for (const e of examples) expect(restored.predict(e.issue)).toEqual(original.predict(e.issue));

    for (const e of examples.slice(80)) {
      original.partialFit({ ...e, source: 'correction' });
      restored.partialFit({ ...e, source: 'correction' });
    }
    for (const e of examples) expect(restored.predict(e.issue).categoryProbs).toEqual(original.predict(e.issue).categoryProbs);
    expect(restored.toJSON()).toEqual(original.toJSON());
  });

  test('fitting is deterministic', () => {
    const a = createTextClassifier();
    const b = createTextClassifier();
    a.fit(examples);
    b.fit(examples);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  test('refuses a file that is not a saved classifier', () => {
    expect(() => textClassifierFromJSON({ format: 'something-else' } as never)).toThrow(/unknown format/);
  });
});
