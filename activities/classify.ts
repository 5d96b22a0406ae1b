import type { Pool } from '../src/db/pool';
import type { Classification, CorrectedExample, RepoLabel, SimilarIssue, TriageModel } from '../src/ai/types';
import { findSimilar } from '../src/db/embeddings';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueSnapshot } from '../workflows/types';
import { asModelFailure } from './errors';
import { readDelivery } from './read-delivery';

export interface ClassifyActivityInput {
  /** The delivery whose text is classified; the labels it carried join the stored label set. */
  deliveryId: string;
  similar: SimilarIssue[];
  exactDuplicateOf: number | null;
  nearDuplicateThreshold: number;
}

const FEW_SHOT_EXAMPLES = 4;

/**
 * Classifies with the configured model. The prompt context comes from the database: the repository's
 * label set and the most similar issues a person corrected (few-shot retrieval), so a correction
 * changes the next answer at once.
 */
export function createClassify(deps: { pool: Pool; model: TriageModel; deliveries: DeliveryReader }) {
  return async function classify(input: ClassifyActivityInput): Promise<Classification> {
    const event = await readDelivery(deps.deliveries, input.deliveryId);
    const { issue } = event;
    const [stored, examples] = await Promise.all([repoLabels(deps.pool, issue.repoId), deps.model.usesExamples ? correctedExamples(deps, issue) : []]);
    const labelSet = mergeLabels(stored, event.repoLabels ?? []);
    let result: Classification;
    try {
      result = await deps.model.classify({
        issue: { repo: issue.repoFullName, number: issue.number, title: issue.title, body: issue.body, labels: issue.labels, reactions: issue.reactions },
        similar: input.similar,
        examples,
        labelSet,
      });
    } catch (err) {
      throw asModelFailure(err);
    }
    // An identical text elsewhere in the repository is a duplicate whatever the model thinks.
    if (input.exactDuplicateOf !== null) {
      return { ...result, duplicateOf: input.exactDuplicateOf, rationale: `${result.rationale} Same text as #${input.exactDuplicateOf}.` };
    }
    const near = input.similar.find((s) => s.similarity >= input.nearDuplicateThreshold);
    if (result.duplicateOf === null && near) return { ...result, duplicateOf: near.number };
    return result;
  };
}

function mergeLabels(stored: RepoLabel[], seen: RepoLabel[]): RepoLabel[] {
  const byName = new Map(stored.map((l) => [l.name, l]));
  for (const l of seen) byName.set(l.name, { ...byName.get(l.name), ...l });
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function repoLabels(pool: Pool, repoId: number) {
  const { rows } = await pool.query<{ name: string; description: string | null }>('SELECT name, description FROM repo_labels WHERE repo_id = $1 ORDER BY name LIMIT 200', [repoId]);
  return rows.map((r) => ({ name: r.name, ...(r.description ? { description: r.description } : {}) }));
}

async function correctedExamples(deps: { pool: Pool; model: TriageModel }, issue: IssueSnapshot): Promise<CorrectedExample[]> {
  const rows = await findSimilar(deps.pool, { repoId: issue.repoId, number: issue.number, embedder: deps.model.embedder, limit: FEW_SHOT_EXAMPLES, correctedOnly: true });
  return rows
    .filter((r) => r.category)
    .map((r) => ({ title: r.title, body: r.body, category: r.category!, priority: (r.priority as CorrectedExample['priority']) ?? null, labels: r.labels }));
}
