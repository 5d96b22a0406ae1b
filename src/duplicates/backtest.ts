import type { ScoredSimilarRow } from '../search/similar-issues';
import type { CorpusIssue, DuplicateLink } from './corpus';
import { quantiles, rankKnownDuplicates, reportOf, type DuplicateEvalReport, type EvaluationInput, type Quantiles } from './evaluate';

// A repository's own history as the test of its similar-issue search: the duplicates people marked
// are the known links (github/duplicate-links.ts), every issue is loaded through the pipeline's vector
// store, and the report says how the search ranks them and from which score a "duplicate of" would be
// right often enough to set on its own (`duplicates.threshold: auto` in .github/triageflow.yml).

/** Precision the automatic threshold must reach on the backtest. */
export const AUTO_PRECISION = 0.95;
/** Fewer right answers above a score than this is too little history to set a threshold from. */
const MIN_CORRECT = 5;
/** Issues asked for their best older neighbour to measure precision: every marked one and a spread of the rest. */
const MAX_PRECISION_QUERIES = 3_000;
const NEIGHBOURS = 20;

export interface ThresholdReport {
  precisionTarget: number;
  /** The lowest fused score at and above which the best older neighbour was the marked one often enough; null without enough history. */
  auto: number | null;
  reason: string;
  /** Precision of "best older neighbour scoring at least `score` is the duplicate", at a few scores. */
  curve: { score: number; flagged: number; precision: number }[];
  queries: number;
}

export interface BacktestReport extends DuplicateEvalReport {
  repo: string;
  ranAt: string;
  marked: { issues: number; linked: number; viaComment: number; viaEvent: number; unresolved: number[] };
  /** The fused score of each marked issue's true neighbour, and of the best neighbour that is not it. */
  neighbours: { true: Quantiles; bestWrong: Quantiles };
  threshold: ThresholdReport;
}

export interface BacktestInput extends Omit<EvaluationInput, 'links'> {
  repo: string;
  links: (DuplicateLink & { via: 'comment' | 'event' })[];
  /** Issues marked as duplicates whose canonical issue could not be told. */
  unresolved: number[];
  now?: () => Date;
}

export async function runBacktest(deps: BacktestInput): Promise<BacktestReport> {
  // Both directions are asked: the older issue should find the newer as readily as the reverse.
  const links = deps.links.flatMap((l) => [l, { number: l.duplicateOf, duplicateOf: l.number, via: l.via }]);
  const ranked = await rankKnownDuplicates({ ...deps, links });
  const report = reportOf({ ...deps, links }, ranked);
  const trueScores = ranked.answers.map((a) => a.rows.find((r) => r.number === a.target)?.similarity ?? 0);
  const wrongScores = ranked.answers.map((a) => a.rows.find((r) => r.number !== a.target)?.similarity ?? 0);
  return {
    ...report,
    repo: deps.repo,
    ranAt: (deps.now?.() ?? new Date()).toISOString(),
    marked: {
      issues: deps.links.length + deps.unresolved.length, linked: deps.links.length,
      viaComment: deps.links.filter((l) => l.via === 'comment').length, viaEvent: deps.links.filter((l) => l.via === 'event').length,
      unresolved: deps.unresolved.slice(0, 50),
    },
    neighbours: { true: quantiles(trueScores), bestWrong: quantiles(wrongScores) },
    threshold: await thresholdFrom(deps, links),
  };
}

async function thresholdFrom(deps: BacktestInput, links: DuplicateLink[]): Promise<ThresholdReport> {
  const pairs = new Set(links.map((l) => pairKey(l.number, l.duplicateOf)));
  const queries = precisionQueries(deps.issues, links);
  const points: { score: number; correct: boolean }[] = [];
  for (const number of queries) {
    const rows: ScoredSimilarRow[] = await deps.vectors.similar({ repoId: deps.repoId, number, limit: NEIGHBOURS });
    // The duplicate decision only ever points at an older issue (issues/canonical.ts).
    const best = rows.find((r) => r.number < number);
    if (best) points.push({ score: best.similarity, correct: pairs.has(pairKey(number, best.number)) });
  }
  return autoThreshold(points, queries.length);
}

/**
 * The lowest score s such that, of the issues whose best older neighbour scores at least s, at least
 * AUTO_PRECISION had the issue people marked as that neighbour. Unmarked duplicates count as wrong, so
 * the precision is a lower bound and the threshold errs high.
 */
export function autoThreshold(points: { score: number; correct: boolean }[], queries: number): ThresholdReport {
  const sorted = [...points].sort((a, b) => b.score - a.score);
  let correct = 0;
  let auto: number | null = null;
  let correctAtAuto = 0;
  const curve: ThresholdReport['curve'] = [];
  const marks = new Set([0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]);
  sorted.forEach((p, i) => {
    if (p.correct) correct++;
    const next = sorted[i + 1];
    if (next && next.score === p.score) return; // a score's precision counts every issue at that score
    const precision = correct / (i + 1);
    if (precision >= AUTO_PRECISION && correct >= MIN_CORRECT) {
      auto = round(p.score);
      correctAtAuto = correct;
    }
    for (const m of marks) {
      if (p.score >= m && (!next || next.score < m)) curve.push({ score: m, flagged: i + 1, precision: round(precision) });
    }
  });
  const reason = auto !== null
    ? `${correctAtAuto} marked duplicates were the best older neighbour at ${auto} or above, with precision >= ${AUTO_PRECISION}`
    : `too little history: no score above which at least ${MIN_CORRECT} marked duplicates were found with precision >= ${AUTO_PRECISION}; the global default applies`;
  return { precisionTarget: AUTO_PRECISION, auto, reason, curve: curve.sort((a, b) => a.score - b.score), queries };
}

function precisionQueries(issues: CorpusIssue[], links: DuplicateLink[]): number[] {
  const marked = new Set(links.map((l) => l.number));
  const rest = issues.map((i) => i.number).filter((n) => !marked.has(n)).sort((a, b) => a - b);
  const room = Math.max(0, MAX_PRECISION_QUERIES - marked.size);
  const step = rest.length > room ? rest.length / room : 1;
  const spread = room === 0 ? [] : Array.from({ length: Math.min(room, rest.length) }, (_x, k) => rest[Math.floor(k * step)]!);
  return [...marked, ...spread];
}

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const round = (x: number) => Number(x.toFixed(3));
