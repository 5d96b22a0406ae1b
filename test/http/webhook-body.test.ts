import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { createInflightBudget, readWebhookBody, refuseEncodedBodies } from '../../src/http/webhook-body';

// Reading webhook bodies on a real HTTP server: compressed bodies are refused before a byte is read,
// every body counts against one budget of bytes, and its bytes come back as sent, never inflated.

const budget = createInflightBudget(1_000_000);
let server: http.Server;
let url: string;
let handled = 0;

beforeAll(async () => {
  const app = express();
  app.post('/hook', refuseEncodedBodies, readWebhookBody({ budget, limitBytes: 600_000, timeoutMs: 500 }), (req, res) => {
    handled++;
    // Slow handlers keep their bytes counted until they answer.
    setTimeout(() => res.json({ bytes: (req.body as Buffer).length, first: (req.body as Buffer).subarray(0, 4).toString('hex') }), Number(req.get('x-hold') ?? 0));
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const post = async (body: Buffer, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};

test('a gzip body is 415 before it is read, and the handler never runs', async () => {
  const bomb = gzipSync(Buffer.alloc(24 * 1024 * 1024, 0x20));
  expect(bomb.length).toBeLessThan(30_000);
  const before = handled;
  for (const encoding of ['gzip', 'deflate', 'br', 'GZIP']) {
    const res = await post(bomb, { 'content-encoding': encoding });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(new RegExp(`Content-Encoding "${encoding.toLowerCase()}" is not accepted: GitHub sends webhook bodies uncompressed`));
    expect(res.headers.get('connection')).toBe('close');
  }
  expect(handled).toBe(before);
  expect(budget.inUse()).toBe(0);
});

test('the bytes arrive as sent (gzip magic included when not declared), identity is accepted', async () => {
  const bytes = gzipSync(Buffer.from('{"a":1}'));
  expect(await post(bytes)).toMatchObject({ status: 200, body: { bytes: bytes.length, first: '1f8b0800' } });
  expect((await post(Buffer.from('{}'), { 'content-encoding': 'identity' })).status).toBe(200);
});

test('past the limit 413; while the budget is spent 503 with Retry-After; afterwards it is free again', async () => {
  expect((await post(Buffer.alloc(700_000))).status).toBe(413);
  // Two 400 KB bodies held by slow handlers use 800 KB of the 1 MB budget; a third does not fit.
  const held = [post(Buffer.alloc(400_000), { 'x-hold': '1500' }), post(Buffer.alloc(400_000), { 'x-hold': '1500' })];
  while (budget.inUse() < 800_000) await new Promise((r) => setTimeout(r, 10));
  const refused = await post(Buffer.alloc(400_000));
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(refused.body.error).toMatch(/WEBHOOK_MAX_INFLIGHT_MB.*Redeliver it in 5 s/);
  expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
  await new Promise((r) => setTimeout(r, 50));
  expect(budget.inUse()).toBe(0);
  expect((await post(Buffer.alloc(400_000))).status).toBe(200);
});

test('a body that trickles is 408 and its bytes are given back', async () => {
  const { port } = server.address() as AddressInfo;
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' } }, (res) => resolve(res.statusCode!));
    req.on('error', reject);
    req.write('{"partial":');
  });
  expect(status).toBe(408);
  await new Promise((r) => setTimeout(r, 50));
  expect(budget.inUse()).toBe(0);
});
