import { loadConfig } from '../../src/config';
import { parseRepoConfig, DEFAULT_REPO_CONFIG } from '../../src/github/repo-config';
import { assistantOf, DEFAULT_SECURITY_COMMENT } from '../../src/github/assistant-config';

test('without the assistant\'s keys nothing is turned on', () => {
  expect(assistantOf(parseRepoConfig('dryRun: false\n'))).toEqual({ missingInfo: null, security: null, owners: [], notifyOff: [] });
  expect(assistantOf({ ...DEFAULT_REPO_CONFIG, assistant: undefined })).toEqual(assistantOf(DEFAULT_REPO_CONFIG));
});

test('missing information, security, owners and notification opt-outs are read with their defaults', () => {
  const a = assistantOf(parseRepoConfig([
    'missingInfo:', '  bug: [steps, expected, actual, version, steps]', '  label: needs-info',
    'security:', '  comment: true', 'owners:', '  - match: {paths: [src/parser/]}', '    assign: [alice, bob]', '    team: parsing', '    balance: true',
    '  - match: {labels: [docs], keywords: [typo]}', '    team: docs', 'notify: {p0: false}',
  ].join('\n')));
  expect(a.missingInfo).toEqual({ items: { bug: ['steps', 'expected', 'actual', 'version'] }, label: 'needs-info', comment: null });
  expect(a.security).toEqual({ label: 'security', comment: DEFAULT_SECURITY_COMMENT, advisoryUrl: '/security/advisories/new', llm: false });
  expect(a.owners).toEqual([
    { labels: [], keywords: [], paths: ['src/parser/'], assign: ['alice', 'bob'], team: 'parsing', balance: true },
    { labels: ['docs'], keywords: ['typo'], paths: [], assign: [], team: 'docs', balance: false },
  ]);
  expect(a.notifyOff).toEqual(['p0']);
  expect(assistantOf(parseRepoConfig('security: true')).security?.comment).toBeNull();
});

test('bad assistant keys are reported by key, with what to write instead', () => {
  expect(() => parseRepoConfig('missingInfo: {bug: [stepz]}')).toThrow(/missingInfo\.bug\.0: an item must be one of steps, expected, actual, version, logs/);
  expect(() => parseRepoConfig('notify: {security: true}')).toThrow(/notify\.security: notify\.security can only be false/);
  expect(() => parseRepoConfig('owners: [{match: {}, team: x}]')).toThrow(/owners\.0\.match: match needs labels, keywords or paths/);
  expect(() => parseRepoConfig('owners: [{match: {paths: [a/]}, assign: [bad_login]}]')).toThrow(/owners\.0\.assign\.0: a GitHub login/);
  expect(() => parseRepoConfig('security: {advisoryUrl: "http://x"}')).toThrow(/security\.advisoryUrl must be https/);
});

test('notifications are the operator\'s: a URL needs a secret, and events are checked', () => {
  const base = { DATA_DIR: '/tmp/x' };
  expect(loadConfig(base).notify).toEqual({ webhookUrl: undefined, secret: undefined, events: ['p0', 'security', 'parked'] });
  expect(() => loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X' })).toThrow(/NOTIFY_WEBHOOK_SECRET: not set/);
  expect(() => loadConfig({ ...base, NOTIFY_EVENTS: 'p0,urgent' })).toThrow(/NOTIFY_EVENTS has urgent/);
  expect(loadConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://example.test/hook', NOTIFY_WEBHOOK_SECRET: 's', NOTIFY_EVENTS: 'security' }).notify.events).toEqual(['security']);
});
