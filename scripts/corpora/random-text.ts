import { seededRandom, type Random } from '../../src/ai/offline/classifier/rng';

// Small helpers the corpus generators share: seeded choices, so a corpus is the same file on every
// machine and every run.

export interface Pick {
  random: Random;
  one<T>(xs: readonly T[]): T;
  some<T>(xs: readonly T[], n: number): T[];
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  hex(n: number): string;
}

export function picker(seed: number): Pick {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const one = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return {
    random, one, int,
    some<T>(xs: readonly T[], n: number): T[] {
      const pool = [...xs];
      const out: T[] = [];
      while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
      return out;
    },
    chance: (p) => random() < p,
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join(''),
  };
}

/** "{a|b|c}" alternatives chosen at random, "{name}" filled from vars. */
export function fill(p: Pick, template: string, vars: Record<string, string>): string {
  return template.replace(/\{([^{}]+)\}/g, (m, inner: string) => {
    if (inner.includes('|')) return p.one(inner.split('|'));
    return vars[inner] ?? m;
  });
}

export const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export interface GeneratedCorpus {
  issues: { id: number; title: string; body: string; created_at: string }[];
  pairs: { id: number; duplicate_of: number }[];
}
