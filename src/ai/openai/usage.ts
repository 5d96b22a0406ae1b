import type { Config } from '../../config';
import type { Usage } from '../../domain/triage';

export type Prices = Config['ai']['prices'];

export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, costUsd: 0 });

/** Estimated cost of a chat completion from the configured USD-per-million-token prices. */
export function chatUsage(inputTokens: number, outputTokens: number, prices: Prices): Usage {
  return { inputTokens, outputTokens, costUsd: (inputTokens * prices.inputPerMTok + outputTokens * prices.outputPerMTok) / 1_000_000 };
}

export function embeddingCost(inputTokens: number, prices: Prices): number {
  return (inputTokens * prices.embeddingPerMTok) / 1_000_000;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, costUsd: a.costUsd + b.costUsd };
}
