import type { AddressInfo } from 'node:net';
import express from 'express';
import { ConfigError, loadConfig } from '../../src/config';
import { createPool } from '../../src/db/pool';
import { createRepoRateLimiter, setRateLimitHeaders, UNLIMITED, type RateDecision } from '../../src/http/rate-limit';
import { silentLogger } from '../../src/log';
import { startTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db.stop();
});

const defaults = loadConfig({}).webhookRateLimit;
const limiter = (over: { pointsPerMinute?: number; burst?: number; pool?: TestDatabase['pool']; storeTimeoutMs?: number } = {}) =>
  createRepoRateLimiter({ pool: db.pool, pointsPerMinute: defaults.perMinute, burst: defaults.burst, log: silentLogger, ...over });
const consumeTimes = async (l: ReturnType<typeof limiter>, repoId: number, n: number) => {
  const decisions: RateDecision[] = [];
  for (let i = 0; i < n; i++) decisions.push(await l.consume(repoId));
  return decisions;
};

test('the defaults are 100 events a minute per repository with a burst of 50', () => {
  expect(defaults).toEqual({ perMinute: 100, burst: 50 });
});

test('without a burst, the 101st event in a minute for one repository is refused with a Retry-After', async () => {
  const l = limiter({ burst: 0 });
  const first100 = await consumeTimes(l, 1001, 100);
  expect(first100.every((d) => d.allowed)).toBe(true);
  expect(first100.map((d) => d.remaining).slice(0, 3)).toEqual([99, 98, 97]);
  expect(first100[99]).toMatchObject({ remaining: 0, limit: 100, policy: '100;w=60' });

  const refused = await l.consume(1001);
  expect(refused).toMatchObject({ allowed: false, limit: 100, remaining: 0 });
  expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
});

test('with the default burst, 150 events pass in a minute and the 151st is refused', async () => {
  const l = limiter();
  const passed = await consumeTimes(l, 1002, 150);
  expect(passed.every((d) => d.allowed)).toBe(true);
  // Past the limit the burst is being used: nothing of the per-minute limit remains.
  expect(passed[100]).toMatchObject({ allowed: true, remaining: 0, policy: '100;w=60;burst=50' });

  const refused = await l.consume(1002);
  expect(refused.allowed).toBe(false);
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
});

test('another repository is unaffected by one that is refused', async () => {
  const l = limiter({ burst: 0 });
  await consumeTimes(l, 1003, 101);
  expect((await l.consume(1003)).allowed).toBe(false);
  expect(await l.consume(1004)).toMatchObject({ allowed: true, remaining: 99 });
});

test('two limiters (two processes, each with its own pool) share one count', async () => {
  const otherPool = createPool(db.url);
  try {
    const a = limiter({ burst: 0 });
    const b = limiter({ burst: 0, pool: otherPool });
    await consumeTimes(a, 1005, 60);
    const fromB = await consumeTimes(b, 1005, 40);
    expect(fromB.at(-1)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await a.consume(1005)).allowed).toBe(false);
    expect((await b.consume(1005)).allowed).toBe(false);
  } finally {
    await otherPool.end();
  }
});

test('concurrent events over several connections are counted exactly once each', async () => {
  // 130 counts at once on a busy machine can take longer than the ack path's 500 ms, and a count that
  // times out is let through uncounted by design (see the store-failure test); this test is about counting.
  const l = limiter({ burst: 0, storeTimeoutMs: 30_000 });
  const decisions = await Promise.all(Array.from({ length: 130 }, () => l.consume(1006)));
  expect(decisions.filter((d) => d.allowed && d.limit === 100)).toHaveLength(100);
  expect(decisions.filter((d) => !d.allowed)).toHaveLength(30);
});

test('when the store fails, events are accepted unlimited and one warning is logged', async () => {
  const deadPool = createPool('postgres://postgres@127.0.0.1:1/postgres');
  const warnings: unknown[][] = [];
  try {
    const l = createRepoRateLimiter({ pool: deadPool, pointsPerMinute: 100, burst: 50, log: { warn: (...args: unknown[]) => warnings.push(args) } as never });
    expect(await l.consume(1007)).toEqual(UNLIMITED);
    expect(await l.consume(1007)).toEqual(UNLIMITED);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual([expect.objectContaining({ repoId: 1007 }), expect.stringContaining('rate limit store failed')]);
  } finally {
    await deadPool.end();
  }
});

test('WEBHOOK_RATE_LIMIT=0 turns the limit off without touching the database', async () => {
  const { webhookRateLimit } = loadConfig({ WEBHOOK_RATE_LIMIT: '0' });
  const deadPool = createPool('postgres://postgres@127.0.0.1:1/postgres');
  const warn = jest.fn();
  try {
    const l = createRepoRateLimiter({ pool: deadPool, pointsPerMinute: webhookRateLimit.perMinute, burst: webhookRateLimit.burst, log: { warn } as never });
    expect(await l.consume(1008)).toEqual(UNLIMITED);
    expect(warn).not.toHaveBeenCalled();
  } finally {
    await deadPool.end();
  }
});

test('bad settings are reported by variable name', () => {
  expect(() => loadConfig({ WEBHOOK_RATE_LIMIT: '-1' })).toThrow(/WEBHOOK_RATE_LIMIT: WEBHOOK_RATE_LIMIT must be 0 \(no limit\) to 1000000/);
  expect(() => loadConfig({ WEBHOOK_RATE_BURST: '2.5' })).toThrow(ConfigError);
  expect(() => loadConfig({ WEBHOOK_RATE_BURST: '2.5' })).toThrow(/WEBHOOK_RATE_BURST must be a whole number/);
  expect(loadConfig({ WEBHOOK_RATE_LIMIT: '30', WEBHOOK_RATE_BURST: '0' }).webhookRateLimit).toEqual({ perMinute: 30, burst: 0 });
});

describe('setRateLimitHeaders on a real response', () => {
  const l = () => limiter({ pointsPerMinute: 2, burst: 0 });
  let server: ReturnType<express.Express['listen']>;
  let url: string;
  let current: ReturnType<typeof l>;
  beforeAll(async () => {
    const app = express();
    app.post('/hook', async (_req, res) => {
      const d = await current.consume(1009);
      setRateLimitHeaders(res, d);
      res.status(d.allowed ? 202 : 429).end();
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    current = l();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('allowed: RateLimit-* headers and no Retry-After; refused: 429 with Retry-After', async () => {
    const ok = await fetch(url, { method: 'POST' });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('ratelimit-limit')).toBe('2');
    expect(ok.headers.get('ratelimit-remaining')).toBe('1');
    expect(Number(ok.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(ok.headers.get('ratelimit-policy')).toBe('2;w=60');
    expect(ok.headers.get('retry-after')).toBeNull();

    await fetch(url, { method: 'POST' });
    const refused = await fetch(url, { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  test('an unlimited decision sets no headers', () => {
    const headers = new Map<string, string>();
    setRateLimitHeaders({ setHeader: (k: string, v: string) => headers.set(k, v) } as never, UNLIMITED);
    expect(headers.size).toBe(0);
  });
});
