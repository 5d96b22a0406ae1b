import type { CostReportingEmbedder } from '../cache/cost-reporting';
import { MODEL_ERROR_TYPES, ModelError } from '../errors';
import type { OpenAIConnection } from './client';
import { callProvider } from './map-error';
import { embeddingCost, type Prices } from './usage';

// OpenAI accepts up to 2048 inputs and 300k tokens per request; staying far below keeps one request's
// failure cheap to retry and fits OpenAI-compatible servers with smaller limits.
export const DEFAULT_EMBED_BATCH = 128;
const MAX_CHARS_PER_REQUEST = 200_000;
// text-embedding-3 reads at most 8191 tokens; 8000 characters stays below that for nearly any text.
const MAX_CHARS_PER_INPUT = 8_000;

export interface OpenAIEmbedderOptions {
  connection: OpenAIConnection;
  model: string;
  dimensions: number;
  prices: Prices;
  batchSize?: number;
}

export function createOpenAIEmbedder(opts: OpenAIEmbedderOptions): CostReportingEmbedder {
  const { connection, model, dimensions, prices } = opts;
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_EMBED_BATCH);
  // Only text-embedding-3 models can shorten their vectors; other models (on Ollama, vLLM) reject the
  // parameter, so for them the configured dimension must equal the model's own and is checked below.
  const sendDimensions = /^text-embedding-3/.test(model);
  const ctx = { what: 'embedding request', model, baseUrl: connection.baseUrl, timeoutMs: connection.timeoutMs };

  async function embedBatch(texts: string[]): Promise<{ vectors: number[][]; costsUsd: number[] }> {
    const input = texts.map((t) => t.slice(0, MAX_CHARS_PER_INPUT) || '(empty)'); // the API rejects empty strings
    const res = await callProvider(ctx, () =>
      connection.client.embeddings.create({ model, input, encoding_format: 'float', ...(sendDimensions ? { dimensions } : {}) }),
    );
    const rows = [...res.data].sort((a, b) => a.index - b.index);
    if (rows.length !== input.length) {
      throw new ModelError(MODEL_ERROR_TYPES.unavailable, `The embedding server returned ${rows.length} vectors for ${input.length} inputs (model ${model}); it will be retried.`);
    }
    const vectors = rows.map((r) => {
      if (r.embedding.length !== dimensions) {
        throw new ModelError(
          MODEL_ERROR_TYPES.badRequest,
          `The embedding model ${model} returned ${r.embedding.length}-dimensional vectors but OPENAI_EMBEDDING_DIMENSIONS is ${dimensions}: set it to ${r.embedding.length}.`,
        );
      }
      return l2Normalise(r.embedding);
    });
    // The API reports tokens per request; each input's share is estimated by its length.
    const cost = embeddingCost(res.usage?.prompt_tokens ?? 0, prices);
    const chars = input.reduce((n, t) => n + t.length, 0);
    return { vectors, costsUsd: input.map((t) => (chars ? (cost * t.length) / chars : 0)) };
  }

  async function embedWithCost(texts: string[]): Promise<{ vectors: number[][]; costsUsd: number[] }> {
    const vectors: number[][] = [];
    const costsUsd: number[] = [];
    for (const batch of chunk(texts, batchSize)) {
      const out = await embedBatch(batch);
      vectors.push(...out.vectors);
      costsUsd.push(...out.costsUsd);
    }
    return { vectors, costsUsd };
  }

  return {
    id: `openai:${model}:${dimensions}`,
    dimensions,
    embedWithCost,
    embed: async (texts) => (await embedWithCost(texts)).vectors,
  };
}

/** Splits into requests of at most `size` inputs and MAX_CHARS_PER_REQUEST characters, order kept. */
function chunk(texts: string[], size: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    const len = Math.min(text.length, MAX_CHARS_PER_INPUT);
    if (current.length && (current.length >= size || chars + len > MAX_CHARS_PER_REQUEST)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(text);
    chars += len;
  }
  if (current.length) out.push(current);
  return out;
}

export function l2Normalise(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}
