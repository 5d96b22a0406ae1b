import type { Classification, SimilarIssue } from '../src/domain/triage';
import { bodyForModel } from '../src/ai/model-text';
import type { CorrectedExample, RepoLabel, TriageModel } from '../src/ai/types';
import type { VectorStore } from '../src/search/vector-store';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import { canonicalDuplicate } from '../src/domain/canonical-duplicate';
import type { IssueStore } from '../src/issues/store';
import type { DuplicateThresholds } from '../src/duplicates/duplicate-threshold';
import type { IssueSnapshot } from '../src/domain/github-event';
import { asModelFailure } from './errors';
import { readDelivery } from './read-delivery';

export interface ClassifyActivityInput {
  /** The delivery whose text is classified; the labels it carried join the stored label set. */
  deliveryId: string;
  similar: SimilarIssue[];
  /** An older issue with exactly this text, from the dedupe step. */
  exactDuplicate: { number: number; state: 'open' | 'closed' } | null;
  /** The global NEAR_DUPLICATE_THRESHOLD; the repository's own (duplicate-threshold.ts) replaces it when set. */
  nearDuplicateThreshold: number;
}

const FEW_SHOT_EXAMPLES = 4;

/**
 * Classifies with the configured model. The prompt context comes from the database: the repository's
 * label set and the most similar issues a person corrected (few-shot retrieval), so a correction
 * changes the next answer at once. The duplicate is decided here, not by the model alone: only an
 * older, open-first issue can be canonical (see src/domain/canonical-duplicate.ts).
 */
export function createClassify(deps: { issues: IssueStore; vectors: VectorStore; model: TriageModel; deliveries: DeliveryReader; thresholds: DuplicateThresholds }) {
  return async function classify(input: ClassifyActivityInput): Promise<Classification> {
    const event = await readDelivery(deps.deliveries, input.deliveryId);
    const { issue } = event;
    const [stored, examples] = await Promise.all([deps.issues.repoLabels(issue.repoId), deps.model.usesExamples ? correctedExamples(deps.vectors, issue) : []]);
    const labelSet = mergeLabels(stored, event.repoLabels ?? []);
    let result: Classification;
    try {
      result = await deps.model.classify({
        issue: { repo: issue.repoFullName, number: issue.number, title: issue.title, body: bodyForModel(issue.body), labels: issue.labels, reactions: issue.reactions },
        similar: input.similar,
        examples,
        labelSet,
      });
    } catch (err) {
      throw asModelFailure(err);
    }
    const threshold = await deps.thresholds.forRepo(issue, input.nearDuplicateThreshold);
    const duplicateOf = canonicalDuplicate({
      number: issue.number, exact: input.exactDuplicate, modelDuplicateOf: result.duplicateOf, similar: input.similar, threshold,
    });
    const sameText = duplicateOf !== null && duplicateOf === input.exactDuplicate?.number;
    return { ...result, duplicateOf, rationale: sameText ? `${result.rationale} Same text as #${duplicateOf}.` : result.rationale };
  };
}

function mergeLabels(stored: RepoLabel[], seen: RepoLabel[]): RepoLabel[] {
  const byName = new Map(stored.map((l) => [l.name, l]));
  for (const l of seen) byName.set(l.name, { ...byName.get(l.name), ...l });
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function correctedExamples(vectors: VectorStore, issue: IssueSnapshot): Promise<CorrectedExample[]> {
  const rows = await vectors.nearest({ repoId: issue.repoId, number: issue.number, limit: FEW_SHOT_EXAMPLES, correctedOnly: true });
  return rows
    .filter((r) => r.category)
    .map((r) => ({ title: r.title, body: r.body, category: r.category!, priority: (r.priority as CorrectedExample['priority']) ?? null, labels: r.labels }));
}
