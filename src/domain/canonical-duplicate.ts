import type { SimilarIssue } from './triage';

export interface CanonicalInput {
  /** The issue being triaged. */
  number: number;
  /** An issue of the repository with exactly this text, when one exists. */
  exact: { number: number; state: 'open' | 'closed' } | null;
  /** The duplicate the model named, if any. */
  modelDuplicateOf: number | null;
  similar: SimilarIssue[];
  threshold: number;
}

/**
 * The canonical issue this one duplicates, or null. Issue numbers grow with time, so only a smaller
 * number can be canonical: of two near-identical issues the newer points at the older, never both ways.
 * An open issue wins over a closed one whenever one qualifies; a deleted or transferred one never does.
 * Among the qualifying, an exact copy comes first, then the model's pick, then the oldest: of several
 * copies above the threshold the first report is the one the others duplicate, however the scores of
 * the copies between themselves fall.
 */
export function canonicalDuplicate(input: CanonicalInput): number | null {
  const candidates = new Map<number, { state: string }>();
  for (const s of input.similar) {
    const state = s.state ?? 'open';
    if (s.number >= input.number || (state !== 'open' && state !== 'closed')) continue;
    if (s.similarity >= input.threshold || s.number === input.modelDuplicateOf) candidates.set(s.number, { state });
  }
  if (input.exact && input.exact.number < input.number) candidates.set(input.exact.number, { state: input.exact.state });
  const all = [...candidates.entries()];
  const open = all.filter(([, c]) => c.state === 'open');
  const pool = open.length > 0 ? open : all;
  if (input.exact && pool.some(([n]) => n === input.exact!.number)) return input.exact.number;
  if (input.modelDuplicateOf !== null && pool.some(([n]) => n === input.modelDuplicateOf)) return input.modelDuplicateOf;
  pool.sort(([na], [nb]) => na - nb);
  return pool[0]?.[0] ?? null;
}
