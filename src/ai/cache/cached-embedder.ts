import { embeddingTextHash } from '../content-hash';
import type { Embedder } from '../types';
import type { CacheEntry } from './cache-table';
import { reportsCost } from './cost-reporting';
import type { ResultCache } from './result-cache';

/**
 * Sends only the texts this embedder has not embedded before (each distinct text once) and fills in
 * the rest from the cache. Counters are per text; a call answered wholly from the cache is a call saved.
 */
export function cacheEmbedder(embedder: Embedder, cache: ResultCache): Embedder {
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    async embed(texts) {
      if (!texts.length) return [];
      const keys = texts.map(embeddingTextHash);
      const found = await cache.getMany('embedding', embedder.id, keys);
      const missing = new Map<string, string>();
      keys.forEach((key, i) => {
        if (!found.has(key) && !missing.has(key)) missing.set(key, texts[i]!);
      });

      const hits = keys.filter((k) => found.has(k));
      const costSavedUsd = hits.reduce((sum, k) => sum + (found.get(k)?.costUsd ?? 0), 0);

      if (missing.size) {
        const batch = [...missing.values()];
        const out = reportsCost(embedder) ? await embedder.embedWithCost(batch) : { vectors: await embedder.embed(batch), costsUsd: [] as number[] };
        const fresh = new Map<string, CacheEntry>();
        [...missing.keys()].forEach((key, i) => fresh.set(key, { value: out.vectors[i], costUsd: out.costsUsd[i] ?? 0 }));
        await cache.putMany('embedding', embedder.id, fresh);
        for (const [key, entry] of fresh) found.set(key, entry);
      }
      await cache.count('embedding', { hits: hits.length, misses: missing.size, callsSaved: missing.size ? 0 : 1, costSavedUsd });
      // Copies: a caller that changes a vector must not change the cached one.
      return keys.map((key) => [...(found.get(key)!.value as number[])]);
    },
  };
}
