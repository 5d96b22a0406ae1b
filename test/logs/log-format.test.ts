import { PassThrough } from 'node:stream';
import { createLogger, prettyLogs } from '../../src/log';
import { pinoSdkLogger } from '../../src/temporal/sdk-logging';
import { devBanner } from '../../src/commands/dev-banner';

// ESC [ n m: a terminal colour code.
const ANSI = new RegExp(String.raw`\x1b\[\d+m`);
const stripAnsi = (s: string) => s.replace(new RegExp(ANSI.source, 'g'), '');

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

test.each([
  [{ format: 'auto', command: 'dev', isTTY: true }, true],
  [{ format: 'auto', command: 'dev', isTTY: false }, false],
  [{ format: 'auto', command: 'server', isTTY: true }, false],
  [{ format: 'json', command: 'dev', isTTY: true }, false],
  [{ format: 'pretty', command: 'worker', isTTY: false }, true],
] as const)('%j → pretty %s', (opts, expected) => {
  expect(prettyLogs(opts)).toBe(expected);
});

test('pretty lines are short, coloured, one per event, with the component in front and no JSON', () => {
  const out = capture();
  const log = createLogger({ level: 'info', pretty: true, destination: out.stream });
  log.child({ component: 'forwarder' }).info({ workflowId: 'triage-issue-1-2' }, 'delivery forwarded');
  log.debug('not at info level');
  const lines = out.lines();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(ANSI);
  const plain = stripAnsi(lines[0]!);
  expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: forwarder: delivery forwarded \{"workflowId":"triage-issue-1-2"\}$/);
  expect(plain).not.toMatch(/"pid"|"hostname"|"level"/);
});

test('JSON lines otherwise: one parseable object per event', () => {
  const out = capture();
  createLogger({ level: 'info', destination: out.stream }).info({ deliveryId: 'd-1' }, 'accepted');
  expect(JSON.parse(out.lines()[0]!)).toMatchObject({ level: 30, msg: 'accepted', deliveryId: 'd-1', name: 'triageflow' });
});

test("webpack's bundle report from the Temporal SDK is a debug line, other SDK lines keep their level", () => {
  const report = 'asset workflow-bundle-abc.js 1.2 MiB [emitted]\nwebpack 5.99.9 compiled successfully in 2315 ms';
  const atInfo = capture();
  const sdk = pinoSdkLogger(createLogger({ level: 'info', destination: atInfo.stream }));
  sdk.info(report);
  sdk.info('Workflow bundle created', { size: '1.2MB' });
  expect(atInfo.lines().map((l) => JSON.parse(l).msg)).toEqual(['Workflow bundle created']);
  const atDebug = capture();
  pinoSdkLogger(createLogger({ level: 'debug', destination: atDebug.stream })).info(report);
  expect(JSON.parse(atDebug.lines()[0]!)).toMatchObject({ level: 20, component: 'temporal-sdk', msg: report });
});

const facts = { serverUrl: 'http://localhost:3000', temporalUiUrl: undefined, temporalAddress: 'localhost:7233', databaseUrl: 'postgres://x', metricsUrl: 'http://localhost:3000/metrics' };

test('dev never prints a secret the user set in the environment', () => {
  const banner = devBanner({ ...facts, secrets: { webhookSecret: 'env-webhook-secret', dashboardToken: 'env-dashboard-token', generated: [] } });
  expect(banner).not.toContain('env-webhook-secret');
  expect(banner).not.toContain('env-dashboard-token');
  expect(banner).toMatch(/Webhook secret {2}\(from the environment\)/);
  expect(banner).toMatch(/Dashboard token \(from the environment\)/);
});

test('dev prints the secrets it generated, since only DATA_DIR holds them', () => {
  const banner = devBanner({ ...facts, secrets: { webhookSecret: 'gen-secret', dashboardToken: 'env-token', generated: ['GITHUB_WEBHOOK_SECRET'] } });
  expect(banner).toContain('gen-secret  (generated, kept in DATA_DIR/dev-secrets.json)');
  expect(banner).not.toContain('env-token');
});
