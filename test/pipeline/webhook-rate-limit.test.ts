import { realPayload } from '../support/github-examples';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The per-repository limit on the real webhook endpoint: the 101st event in a minute for one repository
// is refused with the headers a sender needs, and another repository is not affected.

let stack: Stack;
const repo = (offset: number) => ({ repoId: SUITE_REPO_ID + offset, repoFullName: `suite-${SUITE_REPO_ID}/limited-${offset}` });

beforeAll(async () => {
  stack = await startStack({ worker: false, env: { WEBHOOK_RATE_LIMIT: '100', WEBHOOK_RATE_BURST: '0' } });
});
afterAll(async () => stack?.stop());

async function send(offset: number, number: number) {
  const res = await fetch(`${stack.baseUrl}/webhooks/github`, stack.signedRequest('issues', realPayload('issues', 'labeled', { ...repo(offset), number })));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

test('the 101st event in a minute for one repository gets 429 with Retry-After and RateLimit headers', async () => {
  for (let i = 1; i <= 100; i++) {
    const res = await send(0, i);
    if (res.status !== 202) throw new Error(`event ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (i === 100) expect(res.headers.get('ratelimit-remaining')).toBe('0');
  }
  const refused = await send(0, 101);
  expect(refused.status).toBe(429);
  expect(String(refused.body.error)).toMatch(/more than 100 events in a minute.*Redeliver it/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(refused.headers.get('ratelimit-limit')).toBe('100');
  expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  expect(refused.headers.get('ratelimit-policy')).toBe('100;w=60');

  const other = await send(1, 1);
  expect(other.status).toBe(202);
  expect(other.headers.get('ratelimit-remaining')).toBe('99');
});
