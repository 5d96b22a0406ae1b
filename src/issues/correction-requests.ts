import { createHash } from 'node:crypto';
import type { Pool } from '../db/pool';

// An Idempotency-Key (or a body's correctionId) names one correction. The body it came with first is
// remembered by a hash, so the same key with another body is refused instead of silently dropped: the
// client meant a second correction and must say so with a new key (as Stripe and the IETF draft do).

export type RequestMatch = 'new' | 'same' | 'different';

export interface CorrectionRequests {
  /** Records `body` under the correction id, or compares it with the body recorded first. */
  claim(correctionId: string, body: unknown): Promise<RequestMatch>;
}

/** A hash of the body's fields whatever their order, so a client that serialises differently still matches. */
export function bodyHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

export function createCorrectionRequests(pool: Pool): CorrectionRequests {
  return {
    async claim(correctionId, body) {
      const hash = bodyHash(body);
      const { rows } = await pool.query<{ body_sha256: string; inserted: boolean }>(
        `WITH ins AS (INSERT INTO correction_requests (correction_id, body_sha256) VALUES ($1, $2) ON CONFLICT (correction_id) DO NOTHING RETURNING body_sha256)
         SELECT body_sha256, true AS inserted FROM ins
         UNION ALL SELECT body_sha256, false FROM correction_requests WHERE correction_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
        [correctionId, hash],
      );
      // No row: another request with this key committed while this statement waited on its insert, and
      // this statement's snapshot predates it. Its hash is there now.
      const row = rows[0] ?? (await pool.query<{ body_sha256: string }>('SELECT body_sha256 FROM correction_requests WHERE correction_id = $1', [correctionId])).rows[0];
      if (!row || ('inserted' in row && row.inserted)) return 'new';
      return row.body_sha256 === hash ? 'same' : 'different';
    },
  };
}
