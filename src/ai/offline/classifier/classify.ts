import type { Classification, SimilarIssue } from '../../../domain/triage';
import type { ClassifyInput } from '../../types';
import { suggestLabels } from './labels';
import type { Prediction } from './predict';

export const DEFAULT_DUPLICATE_THRESHOLD = 0.9;

/** The pipeline's answer from a prediction: labels, duplicate, and one line a person can read. */
export function toClassification(
  prediction: Prediction,
  input: ClassifyInput,
  model: string,
  duplicateThreshold = DEFAULT_DUPLICATE_THRESHOLD,
): Omit<Classification, 'cached'> {
  const duplicate = nearestDuplicate(input.similar, duplicateThreshold);
  const { category, priority, confidence, trained, reasons, priorityReason } = prediction;
  const why = reasons.length ? reasons.join(', ') : 'no strong cue, so the most common kind';
  const source = trained ? '' : ', cold-start rules';
  const rationale =
    `${category} (${Math.round(confidence * 100)}%${source}): ${why}; priority ${priority}: ${priorityReason}` +
    (duplicate ? `; near-duplicate of #${duplicate.number} (similarity ${duplicate.similarity.toFixed(2)})` : '');
  return {
    category,
    priority,
    labels: suggestLabels(category, input.issue, input.labelSet),
    confidence,
    rationale,
    duplicateOf: duplicate?.number ?? null,
    model,
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
}

function nearestDuplicate(similar: SimilarIssue[], threshold: number): SimilarIssue | undefined {
  let best: SimilarIssue | undefined;
  for (const s of similar) if (s.similarity >= threshold && (!best || s.similarity > best.similarity)) best = s;
  return best;
}
