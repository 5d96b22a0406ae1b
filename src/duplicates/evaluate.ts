import { performance } from 'node:perf_hooks';
import { percentile } from '../ai/offline/evaluation/metrics';
import type { Embedder } from '../ai/types';
import type { FusionWeights, ScoredSimilarRow } from '../search/similar-issues';
import type { VectorStore } from '../search/vector-store';
import type { CorpusIssue, DuplicateLink } from './corpus';
import { loadIssues } from './load-issues';
import { plainTfidfIndex, rankByCosine } from './plain-tfidf';

// Duplicate retrieval measured on the product's own path: every issue goes through the pipeline's
// vector store (embedding, lexical index, document frequencies), then each linked issue asks for its
// similar issues the way the triage step does. The query fetches every candidate both indexes return,
// so the same answers also rank by each side alone and by other fusion weights (`sweep`).

const RANKED = 80;

export interface RankingMetrics {
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  /** Mean reciprocal rank of the known duplicate within the ranked list (0 when absent). */
  mrr: number;
}

export interface DuplicateEvalReport extends RankingMetrics {
  queries: number;
  queryP50Ms: number;
  queryP99Ms: number;
  corpus: { issues: number; links: number; skippedLinks: number };
  embedder: string;
  fusion: FusionWeights;
  loadSeconds: number;
  bySide: { lexical: RankingMetrics; semantic: RankingMetrics };
  /** Recall@5 and MRR with other semantic weights (lexical = 1 - semantic), from the same candidates. */
  sweep: { semantic: number; recallAt5: number; mrr: number }[];
  /** Fused score of each query's known duplicate, and of the best-scored issue that is not one. */
  scores: { knownDuplicate: Quantiles; bestOther: Quantiles };
  /** Yardsticks computed in memory on the same corpus and queries (plain-tfidf.ts). */
  baselines: { plainTfidf: RankingMetrics };
}

export interface Quantiles { p10: number; p50: number; p90: number; p99: number }

export interface EvaluationInput {
  vectors: VectorStore;
  embedder: Embedder;
  repoId: number;
  issues: CorpusIssue[];
  links: DuplicateLink[];
  fusion: FusionWeights;
  progress?: (done: number, total: number) => void;
}

/** Each linked issue's similar issues, as the triage step asks for them, and the known duplicate among them. */
export interface RankedLinks {
  loadSeconds: number;
  links: DuplicateLink[];
  answers: { number: number; target: number; rows: ScoredSimilarRow[] }[];
  times: number[];
}

export async function evaluateDuplicates(deps: EvaluationInput): Promise<DuplicateEvalReport> {
  return reportOf(deps, await rankKnownDuplicates(deps));
}

/** Loads the issues through the vector store, then asks for each linked issue's similar issues. */
export async function rankKnownDuplicates(deps: EvaluationInput): Promise<RankedLinks> {
  const { vectors, embedder, repoId } = deps;
  const started = performance.now();
  await loadIssues({ vectors, embedder, repoId, issues: deps.issues, progress: deps.progress });
  const loadSeconds = (performance.now() - started) / 1000;

  const known = new Set(deps.issues.map((i) => i.number));
  const links = deps.links.filter((l) => known.has(l.number) && known.has(l.duplicateOf) && l.number !== l.duplicateOf);
  const times: number[] = [];
  const answers: RankedLinks['answers'] = [];
  for (const link of links) {
    const t = performance.now();
    const rows = await vectors.similar({ repoId, number: link.number, limit: RANKED });
    times.push(performance.now() - t);
    answers.push({ number: link.number, target: link.duplicateOf, rows });
  }
  return { loadSeconds, links, answers, times };
}

export function reportOf(deps: EvaluationInput, ranked: RankedLinks): DuplicateEvalReport {
  const { answers, times, links, loadSeconds } = ranked;
  const rankBy = (score: (r: ScoredSimilarRow) => number) =>
    metrics(answers.map(({ target, rows }) => [...rows].sort((a, b) => score(b) - score(a) || a.number - b.number).findIndex((r) => r.number === target)));
  const fused = (w: number) => (r: ScoredSimilarRow) => (1 - w) * r.lexical + w * r.semantic;
  const headline = metrics(answers.map(({ target, rows }) => rows.findIndex((r) => r.number === target)));
  const knownScores = answers.map(({ target, rows }) => rows.find((r) => r.number === target)?.similarity ?? 0);
  const otherScores = answers.map(({ target, rows }) => rows.find((r) => r.number !== target)?.similarity ?? 0);
  const plain = plainTfidfIndex(deps.issues);
  return {
    ...headline,
    queries: links.length,
    queryP50Ms: round(percentile(times, 0.5)),
    queryP99Ms: round(percentile(times, 0.99)),
    corpus: { issues: deps.issues.length, links: deps.links.length, skippedLinks: deps.links.length - links.length },
    embedder: deps.embedder.id,
    fusion: deps.fusion,
    loadSeconds: round(loadSeconds),
    bySide: { lexical: rankBy((r) => r.lexical), semantic: rankBy((r) => r.semantic) },
    sweep: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((w) => {
      const m = rankBy(fused(w));
      return { semantic: w, recallAt5: m.recallAt5, mrr: m.mrr };
    }),
    scores: { knownDuplicate: quantiles(knownScores), bestOther: quantiles(otherScores) },
    baselines: { plainTfidf: metrics(links.map((l) => rankByCosine(plain, l.number).findIndex((r) => r.number === l.duplicateOf))) },
  };
}

export function metrics(ranks: number[]): RankingMetrics {
  const n = ranks.length || 1;
  const within = (k: number) => round(ranks.filter((r) => r >= 0 && r < k).length / n);
  return { recallAt1: within(1), recallAt5: within(5), recallAt10: within(10), mrr: round(ranks.reduce((s, r) => s + (r >= 0 ? 1 / (r + 1) : 0), 0) / n) };
}

export const quantiles = (xs: number[]): Quantiles => ({ p10: round(percentile(xs, 0.1)), p50: round(percentile(xs, 0.5)), p90: round(percentile(xs, 0.9)), p99: round(percentile(xs, 0.99)) });
const round = (x: number) => Number(x.toFixed(3));
