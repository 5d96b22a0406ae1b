export { cacheClassifier, type CachedClassifier } from './cached-classifier';
export { cacheEmbedder } from './cached-embedder';
export { reportsCost, type CostReportingEmbedder } from './cost-reporting';
export { createResultCache, type ResultCache } from './result-cache';
export { readCacheStats } from './stats';
export { createLru, type Lru } from './lru';
export type { CacheKind, CacheEntry, CacheCounters } from './cache-table';
