import { seededRandom, shuffleInPlace } from '../classifier/rng';

/**
 * Stratified K-fold assignment: each class is shuffled (seeded) and dealt round-robin, so every fold
 * holds the same class mix and a run with the same seed gives the same folds.
 */
export function stratifiedFolds(labels: string[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`Folds must be a whole number of at least 2 (got ${k})`);
  if (k > labels.length) throw new Error(`Cannot split ${labels.length} examples into ${k} folds`);
  const random = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const label of [...new Set(labels)].sort()) {
    const members = shuffleInPlace(labels.flatMap((l, i) => (l === label ? [i] : [])), random);
    // Continue dealing where the previous class stopped, so small classes do not all land in fold 0.
    for (const i of members) fold[i] = next++ % k;
  }
  return fold;
}
