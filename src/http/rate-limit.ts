import type express from 'express';
import { BurstyRateLimiter, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import { withTimeout } from '../support/with-timeout';

// rate-limiter-flexible rather than express-rate-limit with @acpr/rate-limit-postgresql: it takes the pg
// Pool we already have and a key chosen after the payload is parsed, uses a table from our migrations
// (`tableCreated`), and counts with one upsert. That PostgreSQL store opens a pool of its own and runs its
// own migrations, unawaited, whenever a store is constructed.
//
// Its windows are fixed, each starting at a repository's first event after the last one ended, not a
// sliding log; the burst allowance is what absorbs a spike that straddles two windows.

export interface RateDecision {
  allowed: boolean;
  /** Events per window; 0 means not limited (limit off, or the store failed) and no headers are sent. */
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
  /** Set when refused. */
  retryAfterSeconds?: number;
  /** IETF RateLimit-Policy value, e.g. `100;w=60;burst=50`. */
  policy: string;
}

export interface RepoRateLimiter {
  consume(repoId: number): Promise<RateDecision>;
}

export const UNLIMITED: RateDecision = Object.freeze({ allowed: true, limit: 0, remaining: 0, resetSeconds: 0, policy: '' });

const TABLE = 'webhook_rate_limits'; // migration 004
const WINDOW_SECONDS = 60;
// The burst allowance refills over ten windows, so it cannot be added to the limit every minute.
const BURST_WINDOW_SECONDS = 600;
// GitHub gives up on a delivery after 10 s; a stuck database must not spend that on the ack path.
const DEFAULT_STORE_TIMEOUT_MS = 500;
// During an outage every delivery fails here; one warning per interval is enough to see it.
const WARN_INTERVAL_MS = 30_000;

export function createRepoRateLimiter(deps: {
  pool: Pool;
  pointsPerMinute: number;
  burst: number;
  log: Pick<Logger, 'warn'>;
  /** How long one count may take before the delivery is let through uncounted. */
  storeTimeoutMs?: number;
}): RepoRateLimiter {
  const { pool, pointsPerMinute: limit, burst, log, storeTimeoutMs = DEFAULT_STORE_TIMEOUT_MS } = deps;
  if (limit <= 0) return { consume: async () => UNLIMITED };

  // The library names its prepared statements. The embedded PGlite has a single backend shared by every
  // pooled connection, so a name prepared through one connection fails on the next ("prepared statement
  // already exists"). Unnamed statements work on both servers and are still one round trip.
  const storeClient = { query: (q: { text: string; values?: unknown[] }) => pool.query(q.text, q.values) };
  const store = (keyPrefix: string, points: number, duration: number, clearExpiredByTimeout: boolean) =>
    new RateLimiterPostgres({
      storeClient, storeType: 'pool', tableName: TABLE, tableCreated: true, clearExpiredByTimeout,
      keyPrefix, points, duration,
      // Once a window is used up this process refuses from memory until it ends: a flood costs no queries.
      inMemoryBlockOnConsumed: points,
    });
  const perMinute = store('repo', limit, WINDOW_SECONDS, true);
  const limiter = burst > 0 ? new BurstyRateLimiter(perMinute, store('repo-burst', burst, BURST_WINDOW_SECONDS, false)) : perMinute;
  const policy = burst > 0 ? `${limit};w=${WINDOW_SECONDS};burst=${burst}` : `${limit};w=${WINDOW_SECONDS}`;

  const decide = (allowed: boolean, r: RateLimiterRes): RateDecision => {
    const resetSeconds = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
    return { allowed, limit, remaining: r.remainingPoints, resetSeconds, policy, ...(allowed ? {} : { retryAfterSeconds: resetSeconds }) };
  };
  let lastWarnAt = -Infinity;

  return {
    async consume(repoId) {
      try {
        return decide(true, await withTimeout(limiter.consume(String(repoId)), storeTimeoutMs, `rate limit store did not answer within ${storeTimeoutMs} ms`));
      } catch (err) {
        if (err instanceof RateLimiterRes) return decide(false, err);
        // Fail open: a lost event is worse than a burst.
        if (Date.now() - lastWarnAt >= WARN_INTERVAL_MS) {
          lastWarnAt = Date.now();
          log.warn({ err, repoId }, 'Webhook rate limit store failed; accepting deliveries unlimited until it answers again');
        }
        return UNLIMITED;
      }
    },
  };
}

/** IETF draft RateLimit-* headers, and Retry-After on a refusal; nothing when the event was not limited. */
export function setRateLimitHeaders(res: Pick<express.Response, 'setHeader'>, d: RateDecision): void {
  if (d.limit === 0) return;
  res.setHeader('RateLimit-Limit', String(d.limit));
  res.setHeader('RateLimit-Remaining', String(d.remaining));
  res.setHeader('RateLimit-Reset', String(d.resetSeconds));
  res.setHeader('RateLimit-Policy', d.policy);
  if (!d.allowed) res.setHeader('Retry-After', String(d.retryAfterSeconds ?? d.resetSeconds));
}
