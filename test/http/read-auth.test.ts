import { io, type Socket } from 'socket.io-client';
import { startStack, type Stack } from '../support/stack';

// Read access against the real server: the API and socket.io refuse readers without the dashboard
// token, unless DASHBOARD_PUBLIC_READ opens reading (writes keep wanting the token).

let privateStack: Stack;
let publicStack: Stack;

beforeAll(async () => {
  [privateStack, publicStack] = await Promise.all([
    startStack({ worker: false }),
    startStack({ worker: false, env: { DASHBOARD_PUBLIC_READ: '1' } }),
  ]);
}, 120_000);

afterAll(async () => Promise.all([privateStack?.stop(), publicStack?.stop()]));

const get = async (stack: Stack, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${stack.baseUrl}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as { error?: string } };
};

/** Resolves 'connected' or the refusal's message; never leaves the socket open. */
function handshake(stack: Stack, auth?: { token: string }): Promise<string> {
  const socket: Socket = io(stack.baseUrl, { transports: ['websocket'], reconnection: false, auth });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  }).finally(() => socket.close());
}

test.each(['/api/issues', '/api/stats', '/api/issues/octo/app/1'])('%s without the token is 401 with a message naming DASHBOARD_TOKEN', async (path) => {
  expect(await get(privateStack, path)).toMatchObject({ status: 401, body: { error: expect.stringMatching(/DASHBOARD_TOKEN/) } });
  expect(await get(privateStack, path, { authorization: 'Bearer wrong' })).toMatchObject({ status: 401, body: { error: expect.stringMatching(/token is wrong/) } });
});

test('the right token reads', async () => {
  expect(await get(privateStack, '/api/issues', privateStack.authHeaders)).toMatchObject({ status: 200, body: { total: 0 } });
  expect((await get(privateStack, '/api/stats', privateStack.authHeaders)).status).toBe(200);
});

test('socket.io refuses a handshake without the right token and accepts the right one', async () => {
  expect(await handshake(privateStack)).toMatch(/^unauthorized: no dashboard token was sent/);
  expect(await handshake(privateStack, { token: 'wrong' })).toMatch(/^unauthorized: the dashboard token is wrong/);
  expect(await handshake(privateStack, { token: privateStack.dashboardToken })).toBe('connected');
});

test('public-read mode opens the API and socket.io to readers, not corrections', async () => {
  expect(await get(publicStack, '/api/issues')).toMatchObject({ status: 200, body: { total: 0 } });
  expect(await handshake(publicStack)).toBe('connected');
  const res = await fetch(`${publicStack.baseUrl}/api/issues/octo/app/1/corrections`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ category: 'bug', actor: 'x' }),
  });
  expect(res.status).toBe(401);
});

test('the dashboard itself and /healthz stay reachable, with helmet headers and a CSP without inline script', async () => {
  for (const path of ['/', '/app.js', '/healthz']) expect((await fetch(`${privateStack.baseUrl}${path}`)).status).toBe(200);
  const res = await fetch(`${privateStack.baseUrl}/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/default-src 'self'/);
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});
