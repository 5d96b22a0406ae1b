import { ConfigError, loadConfig } from '../../src/config';
import { decide } from '../../src/sweep/issue-delivery';

// The sweep's settings as the environment gives them, and how it decides what an issue found on GitHub becomes.

const sweep = (env: NodeJS.ProcessEnv) => loadConfig(env).github.sweep;
const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
};

test('defaults: hourly, three days back, no extra repositories or hook ids', () => {
  expect(sweep({})).toEqual({ intervalMs: 3_600_000, repos: [], lookbackMs: 3 * 86_400_000, hookIds: { byRepo: {} } });
});

test('values as written', () => {
  expect(sweep({ GITHUB_SWEEP_INTERVAL: '0', GITHUB_SWEEP_REPOS: ' octo/a, Octo/b.js ', GITHUB_SWEEP_LOOKBACK: '12h', GITHUB_HOOK_ID: 'octo/a=12, Octo/B.js=34' }))
    .toEqual({ intervalMs: 0, repos: ['octo/a', 'Octo/b.js'], lookbackMs: 43_200_000, hookIds: { byRepo: { 'octo/a': 12, 'octo/b.js': 34 } } });
  expect(sweep({ GITHUB_SWEEP_INTERVAL: '20s', GITHUB_HOOK_ID: '987' }).hookIds).toEqual({ all: 987, byRepo: {} });
});

test('a bad value is named, with what is expected', () => {
  expect(problems({ GITHUB_SWEEP_INTERVAL: '5s' })).toEqual(['GITHUB_SWEEP_INTERVAL: GITHUB_SWEEP_INTERVAL must be 0 (no sweep) or at least 10s: each sweep reads every repository\'s issues and deliveries from GitHub\'s rate-limited API']);
  expect(problems({ GITHUB_SWEEP_INTERVAL: '4d' })[0]).toMatch(/must be at most 3d: GitHub keeps a webhook's deliveries for 3 days/);
  expect(problems({ GITHUB_SWEEP_INTERVAL: 'hourly' })).toEqual(['GITHUB_SWEEP_INTERVAL: GITHUB_SWEEP_INTERVAL must be a duration like 30s, 15m, 12h or 7d']);
  expect(problems({ GITHUB_SWEEP_REPOS: 'octo/a,octo' })).toEqual(['GITHUB_SWEEP_REPOS: GITHUB_SWEEP_REPOS must list repositories as owner/name, comma-separated; "octo" is not one']);
  expect(problems({ GITHUB_SWEEP_LOOKBACK: '1y' })[0]).toMatch(/^GITHUB_SWEEP_LOOKBACK: GITHUB_SWEEP_LOOKBACK must be a duration/);
  expect(problems({ GITHUB_SWEEP_LOOKBACK: '100d' })).toEqual(['GITHUB_SWEEP_LOOKBACK: GITHUB_SWEEP_LOOKBACK must be from 1m to 90d']);
  expect(problems({ GITHUB_HOOK_ID: 'octo/a:12' })[0]).toMatch(/GITHUB_HOOK_ID must be a webhook id, or owner\/name=id pairs comma-separated; "octo\/a:12" is neither/);
});

describe('an issue GitHub lists', () => {
  const issue = { number: 7, state: 'open', updated_at: '2026-01-02T10:00:00Z' };
  const stored = (s: Partial<{ known: boolean; storedState: string | null; receivedUpdatedAt: string | null }>) => ({ known: true, storedState: 'open', receivedUpdatedAt: null, ...s });

  test('is queued as opened when never seen, and left alone when it was closed before anyone saw it', () => {
    expect(decide(issue, undefined, undefined)).toEqual({ kind: 'queue', action: 'opened' });
    expect(decide({ ...issue, state: 'closed' }, undefined, undefined)).toEqual({ kind: 'closed-unseen' });
  });

  test('is left alone when that version (or a newer one) arrived, or its redelivery may still', () => {
    expect(decide(issue, stored({ receivedUpdatedAt: '2026-01-02T10:00:00.000Z' }), undefined)).toEqual({ kind: 'received' });
    expect(decide(issue, stored({ receivedUpdatedAt: '2026-01-02T11:00:00Z' }), undefined)).toEqual({ kind: 'received' });
    expect(decide(issue, stored({ receivedUpdatedAt: '2026-01-01T00:00:00Z' }), '2026-01-02T10:00:00Z')).toEqual({ kind: 'awaiting-redelivery' });
    expect(decide(issue, stored({}), '2026-01-01T00:00:00Z')).toEqual({ kind: 'queue', action: 'edited' });
  });

  test('carries a missed close or reopen as one', () => {
    expect(decide({ ...issue, state: 'closed' }, stored({ storedState: 'open' }), undefined)).toEqual({ kind: 'queue', action: 'closed' });
    expect(decide(issue, stored({ storedState: 'closed' }), undefined)).toEqual({ kind: 'queue', action: 'reopened' });
    expect(decide({ ...issue, state: 'closed' }, stored({ storedState: 'closed' }), undefined)).toEqual({ kind: 'queue', action: 'edited' });
  });
});
