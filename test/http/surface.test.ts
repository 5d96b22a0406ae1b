import { devEnvironment } from '../../src/commands/dev';
import { loadConfig } from '../../src/config';
import { startStack, type Stack } from '../support/stack';

// What the server shows to someone who is not an operator: /healthz says up or down and nothing else;
// /metrics is not on the public port without METRICS_TOKEN, but on METRICS_PORT (loopback by default).

let open: Stack;
let tokened: Stack;

beforeAll(async () => {
  [open, tokened] = await Promise.all([startStack({ worker: false }), startStack({ worker: false, env: { METRICS_TOKEN: 'scrape-me' } })]);
}, 120_000);
afterAll(async () => Promise.all([open?.stop(), tokened?.stop()]));

test('/healthz without the token answers only {ok}; with the dashboard token, the details', async () => {
  const bare = await fetch(`${open.baseUrl}/healthz`);
  expect(bare.status).toBe(200);
  expect(await bare.json()).toEqual({ ok: true });
  expect(await (await fetch(`${open.baseUrl}/healthz`, { headers: { authorization: 'Bearer wrong' } })).json()).toEqual({ ok: true });
  expect(await (await fetch(`${open.baseUrl}/healthz`, { headers: open.authHeaders })).json())
    .toEqual({ ok: true, database: 'up', temporal: expect.any(String), inbox: { pending: 0, oldestAgeSeconds: 0, parked: 0 } });
});

test('/metrics on the public port needs METRICS_TOKEN; METRICS_PORT serves it on loopback', async () => {
  const refused = await fetch(`${open.baseUrl}/metrics`);
  expect(refused.status).toBe(401);
  expect(await refused.text()).toMatch(/needs METRICS_TOKEN.*or scrape METRICS_PORT/);
  expect(open.metricsUrl).toMatch(/^http:\/\/localhost:\d+\/metrics$/);
  expect(open.metricsUrl).not.toBe(`${open.baseUrl}/metrics`);
  const scraped = await fetch(open.metricsUrl);
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toMatch(/^# TYPE triageflow_webhook_deliveries_total counter$/m);

  // With a token, the public port serves it to the token's holder, and METRICS_PORT wants it too.
  expect((await fetch(`${tokened.baseUrl}/metrics`)).status).toBe(401);
  expect((await fetch(`${tokened.baseUrl}/metrics`, { headers: { authorization: 'Bearer scrape-me' } })).status).toBe(200);
  expect((await fetch(tokened.metricsUrl)).status).toBe(401);
});

test('dev binds loopback unless HOST is set; METRICS_HOST is loopback by default', () => {
  const secrets = { webhookSecret: 'w', dashboardToken: 't' };
  expect(loadConfig(devEnvironment({}, secrets)).host).toBe('127.0.0.1');
  expect(loadConfig(devEnvironment({ HOST: '0.0.0.0' }, secrets)).host).toBe('0.0.0.0');
  expect(loadConfig({}).host).toBe('0.0.0.0');
  expect(loadConfig({}).guard.metricsHost).toBe('127.0.0.1');
  expect(loadConfig({ METRICS_HOST: '0.0.0.0' }).guard.metricsHost).toBe('0.0.0.0');
});
