import { ConfigError, loadConfig } from '../../src/config';

// The settings of issue 11: read access, metrics, log format and the accuracy grace period.

test('defaults: private reading, worker metrics on 9464 without a token, automatic log format, 3 days of grace', () => {
  expect(loadConfig({})).toMatchObject({ dashboardPublicRead: false, metricsPort: 9464, metricsToken: undefined, logFormat: 'auto', accuracyGracePeriodMs: 3 * 86_400_000 });
});

test('each is read from its variable', () => {
  expect(loadConfig({ DASHBOARD_PUBLIC_READ: '1', METRICS_PORT: '0', METRICS_TOKEN: ' scrape ', LOG_FORMAT: 'json', ACCURACY_GRACE_PERIOD: '12h' }))
    .toMatchObject({ dashboardPublicRead: true, metricsPort: 0, metricsToken: 'scrape', logFormat: 'json', accuracyGracePeriodMs: 12 * 3_600_000 });
});

test.each([
  [{ DASHBOARD_PUBLIC_READ: 'maybe' }, /DASHBOARD_PUBLIC_READ/],
  [{ METRICS_PORT: '99999' }, /METRICS_PORT must be 0\.\.65535/],
  [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be auto, json or pretty/],
  [{ ACCURACY_GRACE_PERIOD: 'a while' }, /ACCURACY_GRACE_PERIOD must be a duration/],
])('%j is rejected naming the variable', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('a bad METRICS_TOKEN setting is never echoed', () => {
  expect(() => loadConfig({ METRICS_TOKEN: 'secret-value', METRICS_PORT: 'x' })).toThrow(/METRICS_PORT/);
  expect(() => loadConfig({ METRICS_TOKEN: 'secret-value', METRICS_PORT: 'x' })).not.toThrow(/secret-value/);
});
