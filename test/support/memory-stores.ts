import type { ActivityStores } from '../../activities';
import { createDuplicateThresholds, type DuplicateThresholds } from '../../src/duplicates/duplicate-threshold';
import type { Classification } from '../../src/domain/triage';
import type { ClassifyInput, Embedder, LabeledExample, RepoLabel, TriageModel } from '../../src/ai/types';
import type { SimilarRow } from '../../src/search/embeddings';
import type { ScoredSimilarRow } from '../../src/search/similar-issues';
import type { VectorStore } from '../../src/search/vector-store';
import { parseGithubEvent } from '../../src/domain/parse-event';
import { issuesPayload, type SampleIssue } from '../../src/github/sample-payload';
import type { DeliveryReader } from '../../src/inbox/delivery-reader';
import type { ContentFacts } from '../../src/issues/reads';
import type { IssueStore, StoredIssueText } from '../../src/issues/store';
import type { IssueDetail } from '../../src/issues/view';
import type { SaveCorrectionInput, SaveFactsInput, SaveTriageInput } from '../../src/issues/writes';
import type { GithubEvent } from '../../src/domain/github-event';
import type { TriageState } from '../../src/domain/triage-state';

// In-memory stores for the activities' unit tests: they check what the activities decide and hand to
// their stores. The SQL behind the real stores is tested against a real database elsewhere.

export class MemoryDeliveries implements DeliveryReader {
  readonly events = new Map<string, GithubEvent>();
  readonly done = new Set<string>();
  add(deliveryId: string, issue: SampleIssue, name = 'issues'): GithubEvent {
    const parsed = parseGithubEvent(name, deliveryId, issuesPayload(issue), new Date('2026-12-01T00:00:00Z'));
    if (parsed.kind !== 'event') throw new Error(`sample delivery ${deliveryId} did not parse: ${JSON.stringify(parsed)}`);
    this.events.set(deliveryId, parsed.event);
    return parsed.event;
  }
  async read(deliveryId: string) {
    const event = this.events.get(deliveryId);
    if (!event) throw new Error(`no delivery ${deliveryId}`);
    return event;
  }
  async processed(ids: string[]) {
    return ids.filter((id) => this.done.has(id));
  }
  readonly parked = new Map<string, string>();
  async park(ids: string[], reason: string) {
    for (const id of ids) this.parked.set(id, reason);
  }
}

export class MemoryIssues implements IssueStore {
  facts: ContentFacts = { classified: false, sameAs: null };
  state: Partial<TriageState> | undefined;
  text: StoredIssueText | undefined;
  labels: RepoLabel[] = [];
  readonly saved: { triage: SaveTriageInput[]; facts: SaveFactsInput[]; corrections: SaveCorrectionInput[]; handled: string[][]; labels: RepoLabel[][]; published: IssueDetail[] } =
    { triage: [], facts: [], corrections: [], handled: [], labels: [], published: [] };
  detailFor: IssueDetail | undefined;
  async contentFacts() { return this.facts; }
  async loadState() { return this.state; }
  async issueText() { return this.text; }
  async detail() { return this.detailFor; }
  async repoLabels() { return this.labels; }
  async rememberLabels(_repoId: number, labels: RepoLabel[]) { this.saved.labels.push(labels); }
  async saveTriage(input: SaveTriageInput) { this.saved.triage.push(input); }
  async saveFacts(input: SaveFactsInput) { this.saved.facts.push(input); }
  async saveCorrection(input: SaveCorrectionInput) { this.saved.corrections.push(input); }
  async markHandled(ids: string[]) { this.saved.handled.push(ids); }
  async publish(detail: IssueDetail) { this.saved.published.push(detail); }
}

export class MemoryVectors implements VectorStore {
  readonly vectors = new Map<string, { contentHash: string; vector: number[] }>();
  nearestRows: SimilarRow[] = [];
  similarRows: ScoredSimilarRow[] = [];
  async storedContentHash(repoId: number, number: number) { return this.vectors.get(`${repoId}#${number}`)?.contentHash; }
  async save(row: { repoId: number; number: number; contentHash: string; vector: number[]; title: string; body: string }) {
    this.vectors.set(`${row.repoId}#${row.number}`, { contentHash: row.contentHash, vector: row.vector });
  }
  async similar() { return this.similarRows; }
  async nearest() { return this.nearestRows; }
}

/** A model that answers what the test sets and records what it was asked. */
export class ScriptedModel implements TriageModel {
  readonly usesExamples = false;
  answer: Omit<Classification, 'duplicateOf'> & { duplicateOf?: number | null } = {
    category: 'bug', priority: 'p2', labels: ['bug'], confidence: 0.8, rationale: 'A crash.', model: 'scripted@1', cached: false, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
  readonly asked: ClassifyInput[] = [];
  readonly embedded: string[] = [];
  readonly learned: LabeledExample[] = [];
  readonly embedder: Embedder = {
    id: 'scripted:embed:3', dimensions: 3,
    embed: async (texts) => texts.map((t) => { this.embedded.push(t); return [1, 0, 0]; }),
  };
  async classify(input: ClassifyInput): Promise<Classification> {
    this.asked.push(input);
    return { duplicateOf: null, ...this.answer };
  }
  async learn(example: LabeledExample) { this.learned.push(example); }
  async cacheStats() { return { hits: 0, misses: 0, hitRate: 0, callsSaved: 0, costSavedUsd: 0 }; }
}

/** Repository settings and backtests in memory, behind the real rule that picks the threshold. */
export class MemoryThresholds implements DuplicateThresholds {
  /** `duplicates.threshold` by repository name, as write-back last read it. */
  readonly settings = new Map<string, number | 'auto' | null>();
  /** The last backtest's automatic threshold by repository id. */
  readonly backtests = new Map<number, number | null>();
  private readonly rule = createDuplicateThresholds({
    configOf: async (name) => (this.settings.has(name) ? { duplicateThreshold: this.settings.get(name)! } : null),
    autoThreshold: async (repoId) => this.backtests.get(repoId) ?? null,
  });
  forRepo(repo: { repoId: number; repoFullName: string }, globalDefault: number) {
    return this.rule.forRepo(repo, globalDefault);
  }
}

export function memoryStores() {
  const stores = { issues: new MemoryIssues(), vectors: new MemoryVectors(), deliveries: new MemoryDeliveries(), model: new ScriptedModel(), thresholds: new MemoryThresholds() };
  return stores satisfies ActivityStores;
}
