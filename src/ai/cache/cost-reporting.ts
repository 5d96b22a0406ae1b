import type { Embedder } from '../types';

/**
 * An embedder that can also say what each vector cost, so the cache can report the money a hit saved.
 * Providers that cost nothing (the offline model) implement the plain Embedder.
 */
export interface CostReportingEmbedder extends Embedder {
  embedWithCost(texts: string[]): Promise<{ vectors: number[][]; costsUsd: number[] }>;
}

export function reportsCost(embedder: Embedder): embedder is CostReportingEmbedder {
  return typeof (embedder as Partial<CostReportingEmbedder>).embedWithCost === 'function';
}
