import { performance } from 'node:perf_hooks';
import { embedText } from '../hashed/embedder';
import { seededRandom, type Random } from '../classifier/rng';
import { percentile } from './metrics';

// Does the embedder tell a lightly edited copy from a different issue? Each issue of 20 words or
// more is edited (about 3% of its words dropped or replaced, one typo) and compared with the original;
// random pairs of issues stand in for unrelated ones.

export interface EmbedderCheck {
  issues: number;
  embedP50Ms: number;
  embedP99Ms: number;
  editedCopy: { compared: number; min: number; p5: number; p50: number; shareAtLeast90: number };
  randomPairs: { compared: number; p50: number; p99: number; max: number };
}

const RANDOM_PAIRS = 5000;

export function checkEmbedder(texts: string[], seed: number): EmbedderCheck {
  const random = seededRandom(seed);
  const times: number[] = [];
  const vectors = texts.map((t) => {
    const start = performance.now();
    const v = embedText(t);
    times.push(performance.now() - start);
    return v;
  });
  const edited: number[] = [];
  texts.forEach((t, i) => {
    if ((t.match(/[A-Za-z]+/g)?.length ?? 0) >= 20) edited.push(cosine(vectors[i]!, embedText(lightEdit(t, random))));
  });
  const pairs: number[] = [];
  for (let k = 0; k < RANDOM_PAIRS && texts.length > 1; k++) {
    const a = Math.floor(random() * texts.length);
    const b = Math.floor(random() * texts.length);
    if (a !== b) pairs.push(cosine(vectors[a]!, vectors[b]!));
  }
  return {
    issues: texts.length,
    embedP50Ms: percentile(times, 0.5),
    embedP99Ms: percentile(times, 0.99),
    editedCopy: {
      compared: edited.length,
      min: edited.length ? Math.min(...edited) : 0,
      p5: percentile(edited, 0.05),
      p50: percentile(edited, 0.5),
      shareAtLeast90: edited.length ? edited.filter((c) => c >= 0.9).length / edited.length : 0,
    },
    randomPairs: { compared: pairs.length, p50: percentile(pairs, 0.5), p99: percentile(pairs, 0.99), max: pairs.length ? Math.max(...pairs) : 0 },
  };
}

export function lightEdit(text: string, random: Random): string {
  const parts = text.split(/(\s+)/);
  const wordAt = parts.flatMap((p, i) => (/^[A-Za-z]+$/.test(p) ? [i] : []));
  for (let k = Math.max(1, Math.round(wordAt.length * 0.03)); k > 0; k--) {
    const i = wordAt[Math.floor(random() * wordAt.length)]!;
    parts[i] = random() < 0.5 ? '' : 'really';
  }
  const long = wordAt.filter((i) => parts[i]!.length >= 5);
  const t = long[Math.floor(random() * long.length)];
  if (t !== undefined) parts[t] = parts[t]!.slice(0, 2) + parts[t]![3] + parts[t]![2] + parts[t]!.slice(4);
  return parts.join('').replace(/\n{3,}/g, '\n\n');
}

export function cosine(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
