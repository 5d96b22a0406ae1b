import { classifyInputHash } from '../content-hash';
import type { Classification } from '../../domain/triage';
import type { Classifier, ClassifyInput } from '../types';
import type { ResultCache } from './result-cache';

type Answer = Pick<Classification, 'category' | 'priority' | 'labels' | 'confidence' | 'rationale' | 'duplicateOf'>;

export interface CachedClassifier {
  /** The wrapped classifier's id, read on every call: the offline model's id changes as it learns. */
  readonly id: string;
  classify(input: ClassifyInput): Promise<Classification>;
}

/**
 * Answers from the cache when the same classifier has already seen the same input (see
 * classifyInputHash). A hit costs nothing and says so: `cached: true`, zero usage.
 */
export function cacheClassifier(classifier: Classifier, cache: ResultCache): CachedClassifier {
  return {
    get id() {
      return classifier.id;
    },
    async classify(input) {
      // Captured before the call, so the answer is stored under the id it was looked up by.
      const model = classifier.id;
      const key = classifier.cacheKey?.(input) ?? classifyInputHash(input);
      const hit = (await cache.getMany('classification', model, [key])).get(key);
      if (hit) {
        await cache.count('classification', { hits: 1, callsSaved: 1, costSavedUsd: hit.costUsd });
        return { ...(hit.value as Answer), model, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, cached: true };
      }
      const result = await classifier.classify(input);
      const answer: Answer = {
        category: result.category,
        priority: result.priority,
        labels: result.labels,
        confidence: result.confidence,
        rationale: result.rationale,
        duplicateOf: result.duplicateOf,
      };
      // A classifier that moved to a new version during the call may have answered with it, and one over its
      // budget answers with the offline model (budgeted-classifier.ts): neither answer goes under this key.
      if (classifier.id === model && result.model === model) await cache.putMany('classification', model, new Map([[key, { value: answer, costUsd: result.usage.costUsd }]]));
      await cache.count('classification', { misses: 1 });
      return { ...result, cached: false };
    },
  };
}
