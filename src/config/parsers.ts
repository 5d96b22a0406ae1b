import { z } from 'zod';

// The pieces every settings parser is built from: the environment (index.ts, github.ts) and a
// repository's .github/triageflow.yml (src/github/repo-config.ts). One home, so a duration or a flag
// means the same wherever it is written.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** A duration such as `30s`, `15m`, `12h` or `7d`, as milliseconds; `message` says what was expected. */
export function duration(message: string, units: readonly Unit[] = ['ms', 's', 'm', 'h', 'd']) {
  const pattern = new RegExp(`^(\\d+)(${units.join('|')})$`);
  return z.string().regex(pattern, message).transform((v) => {
    const [, n, unit] = pattern.exec(v)!;
    return Number(n) * UNIT_MS[unit as Unit];
  });
}

/** An environment variable holding a duration, named in its error. */
export const envDuration = (name: string) => duration(`${name} must be a duration like 30s, 15m, 12h or 7d`);

/** `1`/`true`/`yes` or `0`/`false`/`no` (or empty). */
export const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v));

/** A string that counts as unset when empty or blank. */
export const optional = z.string().trim().optional().transform((v) => (v ? v : undefined));

export const port = (name: string) =>
  z.coerce.number().int(`${name} must be a whole number`).min(0, `${name} must be 0..65535`).max(65535, `${name} must be 0..65535`);
