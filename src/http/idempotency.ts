import { createHash } from 'node:crypto';

/**
 * The correction id for a client's idempotency key: the same key on the same issue always gives the same
 * id, so a retried POST is one correction (the workflow skips a seen id, the database's unique
 * correction_id keeps one row). Scoped to the issue so one client's key never collides with another issue's.
 */
export function idempotentCorrectionId(repoId: number, number: number, key: string): string {
  return `key-${createHash('sha256').update(`${repoId}#${number}\n${key}`).digest('hex').slice(0, 40)}`;
}
