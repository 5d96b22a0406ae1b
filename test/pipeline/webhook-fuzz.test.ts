import { runFuzz } from '../../scripts/bench/fuzz';
import { startStack, type Stack } from '../support/stack';

// Mutated GitHub deliveries, most of them signed, through the real server and database: each gets a 2xx
// or a 4xx that names its fault, never a 5xx while the database is up. (The bench runs 10,000.)

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(async () => stack?.stop());

const post = async (url: string, headers: Record<string, string>, body: string) => {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
};

test('600 fuzzed deliveries: no answer is a 5xx, and the server still takes a good one', async () => {
  const result = await runFuzz({ url: `${stack.baseUrl}/webhooks/github`, secret: stack.webhookSecret, count: 600, post, seed: 42 });
  expect(result.serverErrors).toEqual([]);
  expect(result.fivexx).toBe(0);
  // The mix reached every door: accepted, refused as invalid, unsigned.
  expect(result.statuses[202]).toBeGreaterThan(50);
  expect(result.statuses[400]).toBeGreaterThan(50);
  expect(result.statuses[401]).toBeGreaterThan(10);
  const health = await fetch(`${stack.baseUrl}/healthz`);
  expect(health.status).toBe(200);
}, 120_000);
