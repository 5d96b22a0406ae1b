import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * A constant-time test of a presented token: both sides are hashed to fixed-length digests first, so
 * neither the comparison nor a length check leaks how much of the token was right.
 */
export function tokenMatcher(expected: string): (presented: string | undefined) => boolean {
  const want = digest(expected);
  return (presented) => Boolean(expected) && Boolean(presented) && timingSafeEqual(digest(presented!), want);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match ? match[1]!.trim() : undefined;
}
