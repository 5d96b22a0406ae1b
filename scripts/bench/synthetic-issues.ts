import { seededRandom, type Random } from '../../src/ai/offline/classifier/rng';

// Synthetic but varied issues for the similar-issue benchmark: a vocabulary of made-up words with a
// Zipf-shaped frequency (as real text has), and topics of a few dozen words each. Every issue draws its
// title and most of its body from one topic and the rest from the whole vocabulary, so there are
// clusters of related issues to rank, a long tail of rare words, and issues of very different lengths.

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 've', 'da', 'xo', 'bu', 'fe', 'gi', 'ha', 'ju', 'qe', 'wy', 'zo', 'ce'];
const VOCABULARY = 30_000;
const TOPICS = 3_000;
const TOPIC_WORDS = 40;

export interface SyntheticIssue {
  number: number;
  title: string;
  body: string;
}

export function syntheticIssues(count: number, seed = 7): SyntheticIssue[] {
  const random = seededRandom(seed);
  const vocab = Array.from({ length: VOCABULARY }, (_, i) => word(i));
  const zipf = zipfSampler(VOCABULARY, random);
  const topics = Array.from({ length: TOPICS }, () => Array.from({ length: TOPIC_WORDS }, () => vocab[Math.floor(random() * VOCABULARY)]!));
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const topic = topics[Math.floor(random() * TOPICS)]!;
    const title = Array.from({ length: 5 + Math.floor(random() * 6) }, () => (random() < 0.7 ? pick(topic) : vocab[zipf()]!)).join(' ');
    // Lengths from a one-line report to a pasted log of several hundred words.
    const length = Math.round(20 * Math.exp(random() * 3));
    const body = Array.from({ length }, () => (random() < 0.35 ? pick(topic) : vocab[zipf()]!)).join(' ');
    return { number: i + 1, title, body };
  });
}

function word(i: number): string {
  let n = i + SYLLABLES.length;
  let out = '';
  while (n > 0) {
    out += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return out;
}

/** Ranks 0..n-1 with probability proportional to 1 / (rank + 1), by inverting the cumulative sums. */
function zipfSampler(n: number, random: Random): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cumulative[r] = sum += 1 / (r + 1);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
