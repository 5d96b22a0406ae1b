// FNV-1a over UTF-16 code units. Hashes decide which vector slot a feature lands in, and vectors are
// stored and compared for as long as an embedder id lives, so this function must never change.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hashes s[start, end) continuing from `seed` (chain calls to hash pairs without building strings). */
export function hashRange(s: string, start: number, end: number, seed: number = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

export const hashString = (s: string, seed: number = FNV_OFFSET): number => hashRange(s, 0, s.length, seed);

/** A seed per feature family ("t:" title word, "b:" body word...), so families never share slots on purpose. */
export const namespaceSeed = (name: string): number => hashString(`${name}\u0000`);

/** One bit of the hash chooses the sign, so colliding features cancel out on average instead of piling up. */
export const signOf = (h: number): number => (Math.imul(h ^ (h >>> 16), 0x45d9f3b) & 0x80000000 ? -1 : 1);
