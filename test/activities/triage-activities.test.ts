import { createActivitiesFromStores } from '../../activities';
import type { SimilarRow } from '../../src/search/embeddings';
import type { Classification } from '../../src/domain/triage';
import { memoryStores } from '../support/memory-stores';

const REPO = { repoId: 7, repoFullName: 'acme/app' };
const row = (number: number, similarity: number, state: SimilarRow['state'] = 'open'): SimilarRow =>
  ({ number, title: `#${number}`, similarity, state, category: 'bug', body: '', priority: null, labels: [], corrected: false });

function setup() {
  const stores = memoryStores();
  return { stores, activities: createActivitiesFromStores(stores) };
}

describe('dedupe', () => {
  test('takes the newest unprocessed delivery and the store\'s facts about its text', async () => {
    const { stores, activities } = setup();
    stores.deliveries.add('d1', { ...REPO, number: 5, title: 'Old title' });
    stores.deliveries.add('d2', { ...REPO, number: 5, title: 'New title', action: 'edited' });
    stores.issues.facts = { classified: false, sameAs: { number: 2, state: 'open' } };
    const facts = await activities.dedupe({ deliveryIds: ['d1', 'd2'], repoId: REPO.repoId, number: 5 });
    expect(facts).toMatchObject({ latestDeliveryId: 'd2', action: 'edited', title: 'New title', exactDuplicate: { number: 2, state: 'open' } });
    expect(facts.contentHash).toMatch(/^[0-9a-f]{16,}$/);
  });

  test('redeliveries whose effect is stored leave nothing to do', async () => {
    const { stores, activities } = setup();
    stores.deliveries.add('d1', { ...REPO, number: 5 });
    stores.deliveries.done.add('d1');
    expect(await activities.dedupe({ deliveryIds: ['d1'], repoId: REPO.repoId, number: 5 })).toMatchObject({ latestDeliveryId: null, exactDuplicate: null });
  });
});

describe('embed', () => {
  test('stores a vector for new text and reuses it, with no model call, for the same text', async () => {
    const { stores, activities } = setup();
    stores.deliveries.add('d1', { ...REPO, number: 5, title: 'Crash on save' });
    const input = { deliveryId: 'd1', repoId: REPO.repoId, number: 5, contentHash: 'h1' };
    expect(await activities.embed(input)).toEqual({ embedder: 'scripted:embed:3', reused: false });
    expect(await activities.embed(input)).toEqual({ embedder: 'scripted:embed:3', reused: true });
    expect(stores.model.embedded).toHaveLength(1);
    expect(stores.vectors.vectors.get('7#5')).toEqual({ contentHash: 'h1', vector: [1, 0, 0] });
  });

  test('near duplicates carry the fused score and both of its parts, rounded, and the state', async () => {
    const { stores, activities } = setup();
    stores.vectors.similarRows = [{ number: 3, title: '#3', state: 'closed', category: 'bug', similarity: 0.912345, lexical: 0.95, semantic: 0.823456 }];
    expect(await activities.findNearDuplicates({ repoId: REPO.repoId, number: 5 })).toEqual([
      { number: 3, title: '#3', similarity: 0.9123, lexical: 0.95, semantic: 0.8235, state: 'closed', category: 'bug' },
    ]);
  });
});

describe('classify decides the canonical duplicate', () => {
  async function classify(number: number, similar: SimilarRow[], extra: { exact?: { number: number; state: 'open' | 'closed' }; model?: number | null } = {}): Promise<Classification> {
    const { stores, activities } = setup();
    stores.deliveries.add('d', { ...REPO, number, title: 'Crash on save', labels: [{ name: 'bug', description: 'Broken' }] });
    stores.model.answer = { ...stores.model.answer, duplicateOf: extra.model ?? null };
    const result = await activities.classify({ deliveryId: 'd', similar, exactDuplicate: extra.exact ?? null, nearDuplicateThreshold: 0.9 });
    expect(stores.model.asked[0]?.labelSet).toEqual([{ name: 'bug', description: 'Broken' }]);
    return result;
  }

  test('the newer of two near-identical issues points at the older, never the reverse', async () => {
    expect((await classify(9, [row(4, 0.95)])).duplicateOf).toBe(4);
    expect((await classify(4, [row(9, 0.95)])).duplicateOf).toBeNull();
  });

  test('an open issue is canonical over a closed one, even a closer one', async () => {
    expect((await classify(9, [row(2, 0.99, 'closed'), row(5, 0.92, 'open')])).duplicateOf).toBe(5);
    expect((await classify(9, [row(2, 0.99, 'closed')])).duplicateOf).toBe(2);
  });

  test('of several open copies above the threshold the oldest is canonical, not the closest', async () => {
    expect((await classify(13, [row(12, 0.97), row(11, 0.95), row(8, 0.6)])).duplicateOf).toBe(11);
  });

  test('an exact copy wins and says so; a model pick that is newer is refused', async () => {
    const exact = await classify(9, [row(5, 0.95)], { exact: { number: 3, state: 'open' } });
    expect(exact.duplicateOf).toBe(3);
    expect(exact.rationale).toMatch(/Same text as #3\./);
    expect((await classify(9, [row(12, 0.8)], { model: 12 })).duplicateOf).toBeNull();
    expect((await classify(9, [row(6, 0.8), row(7, 0.93)], { model: 6 })).duplicateOf).toBe(6);
  });

  test('a repository\'s own threshold replaces the global one: a number from its settings, or auto from its last backtest', async () => {
    const decide = async (set: (t: ReturnType<typeof memoryStores>['thresholds']) => void) => {
      const { stores, activities } = setup();
      set(stores.thresholds);
      stores.deliveries.add('d', { ...REPO, number: 9, title: 'Crash on save' });
      return (await activities.classify({ deliveryId: 'd', similar: [row(4, 0.84)], exactDuplicate: null, nearDuplicateThreshold: 0.9 })).duplicateOf;
    };
    expect(await decide(() => undefined)).toBeNull();
    expect(await decide((t) => t.settings.set(REPO.repoFullName, 0.8))).toBe(4);
    expect(await decide((t) => t.settings.set(REPO.repoFullName, 0.85))).toBeNull();
    expect(await decide((t) => { t.settings.set(REPO.repoFullName, 'auto'); t.backtests.set(REPO.repoId, 0.82); })).toBe(4);
    // auto without a backtest that found a threshold: the global default stays.
    expect(await decide((t) => { t.settings.set(REPO.repoFullName, 'auto'); t.backtests.set(REPO.repoId, null); })).toBeNull();
    expect(await decide((t) => t.backtests.set(REPO.repoId, 0.5))).toBeNull();
  });
});

describe('persist writes what the workflow computed', () => {
  test('a triage is stored as given, with the deliveries it handled and the labels seen', async () => {
    const { stores, activities } = setup();
    stores.deliveries.add('d2', { ...REPO, number: 5, labels: [{ name: 'ui' }] });
    const triage = { category: 'feature' as const, priority: null, labels: ['ui'], confidence: 1, rationale: 'Set by a person.', duplicateOf: null, model: null };
    const classification: Classification = { category: 'bug', priority: 'p1', labels: [], confidence: 0.6, rationale: 'model', duplicateOf: null, model: 'm', cached: false, usage: { inputTokens: 1, outputTokens: 2, costUsd: 0 } };
    await activities.persist({ kind: 'triage', deliveryId: 'd2', handled: ['d1', 'd2'], workflowId: 'w', contentHash: 'h', triage, status: 'corrected', classification, similar: [] });
    expect(stores.issues.saved.triage).toHaveLength(1);
    expect(stores.issues.saved.triage[0]).toMatchObject({ triage, status: 'corrected', classification, delivery: { deliveryId: 'd2', handled: ['d1', 'd2'] }, issue: { number: 5 } });
    expect(stores.issues.saved.labels).toEqual([[{ name: 'ui' }]]);
  });

  test('deliveries that changed nothing are only marked handled', async () => {
    const { stores, activities } = setup();
    await activities.persist({ kind: 'handled', handled: ['d1'] });
    expect(stores.issues.saved).toMatchObject({ handled: [['d1']], triage: [], facts: [] });
  });
});

describe('learn and notify', () => {
  test('learn teaches the model the stored text with the person\'s answer, and skips a missing issue', async () => {
    const { stores, activities } = setup();
    expect(await activities.learn({ repoId: 7, number: 5, category: 'bug' })).toEqual({ learned: false });
    stores.issues.text = { repo: 'acme/app', title: 'Crash', body: 'trace', labels: [], reactions: 2 };
    expect(await activities.learn({ repoId: 7, number: 5, priority: 'p0' })).toEqual({ learned: true });
    expect(stores.model.learned).toEqual([expect.objectContaining({ priority: 'p0', source: 'correction', issue: expect.objectContaining({ title: 'Crash', number: 5 }) })]);
    expect(await activities.learn({ repoId: 7, number: 5 })).toEqual({ learned: false });
  });

  test('notify publishes the stored detail, and nothing for an unknown issue', async () => {
    const { stores, activities } = setup();
    expect(await activities.notify({ repoId: 7, number: 5 })).toEqual({ published: false });
    stores.issues.detailFor = { number: 5, status: 'triaged', triage: { category: 'bug', priority: 'p1' } } as never;
    expect(await activities.notify({ repoId: 7, number: 5 })).toEqual({ published: true, status: 'triaged', category: 'bug', priority: 'p1' });
    stores.issues.detailFor = { number: 5, status: 'pending', triage: null } as never;
    expect(await activities.notify({ repoId: 7, number: 5 })).toEqual({ published: true, status: 'pending', category: null, priority: null });
    expect(stores.issues.saved.published.map((d) => d.number)).toEqual([5, 5]);
  });
});
