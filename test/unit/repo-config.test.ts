import { DEFAULT_REPO_CONFIG, managedLabels, parseRepoConfig, RepoConfigError } from '../../src/github/repo-config';
import { duplicateComment, DUPLICATE_MARKER, planLabels } from '../../src/github/label-plan';
import type { TriageResult } from '../../src/domain/triage';
import { ledgerView } from '../../src/github/ledger';
import { entry } from '../support/ledger-entries';

const triage = (over: Partial<TriageResult> = {}): TriageResult => ({ category: 'bug', priority: 'p0', labels: [], confidence: 0.9, rationale: '', duplicateOf: null, model: 'm', ...over });

describe('.github/triageflow.yml', () => {
  test('an empty file is the defaults', () => {
    expect(parseRepoConfig('')).toEqual(DEFAULT_REPO_CONFIG);
  });

  test('what the file sets is merged over the defaults', () => {
    const config = parseRepoConfig([
      'labels:', '  - name: kind/bug', '    description: Something is broken',
      'mapping:', '  category: { bug: kind/bug, other: triage/other }', '  duplicate: null',
      'confidenceThreshold: 0.8', 'humanOnlyLabels: [security]', 'dryRun: false',
      'duplicateComment: "Same as #{{duplicateOf}}?"', 'review: { timeout: 12h, onTimeout: write }',
    ].join('\n'));
    expect(config.labels).toEqual([{ name: 'kind/bug', description: 'Something is broken' }]);
    expect(config.categoryLabels).toMatchObject({ bug: 'kind/bug', feature: 'enhancement', other: 'triage/other' });
    expect(config.duplicateLabel).toBeNull();
    expect(config).toMatchObject({ confidenceThreshold: 0.8, humanOnlyLabels: ['security'], dryRun: false, review: { timeoutMs: 12 * 3_600_000, onTimeout: 'write' } });
    expect(managedLabels(config).get('kind/bug')).toEqual({ field: 'category', value: 'bug' });
  });

  test('duplicates.threshold is a number, auto, or left to the global default', () => {
    expect(parseRepoConfig('').duplicateThreshold).toBeNull();
    expect(parseRepoConfig('duplicates:\n  threshold: 0.82').duplicateThreshold).toBe(0.82);
    expect(parseRepoConfig('duplicates:\n  threshold: auto').duplicateThreshold).toBe('auto');
  });

  test('duplicates.threshold and duplicates.close sit in one duplicates block', () => {
    const config = parseRepoConfig('duplicates:\n  threshold: 0.8\n  close: { after: 3d }');
    expect(config).toMatchObject({ duplicateThreshold: 0.8, duplicateClose: { afterMs: 3 * 86_400_000 } });
  });

  test('invalid YAML says where', () => {
    expect(() => parseRepoConfig('dryRun: [false\nlabels: {')).toThrow(RepoConfigError);
    expect(() => parseRepoConfig('dryRun: [false\nlabels: {')).toThrow(/not valid YAML at line \d+.*Fix the file; until then the built-in defaults apply/);
  });

  test('wrong settings are named with what is allowed', () => {
    expect(() => parseRepoConfig('confidenceThreshold: 2')).toThrow(/confidenceThreshold: confidenceThreshold must be between 0 and 1/);
    expect(() => parseRepoConfig('dryRun: "no"')).toThrow(/dryRun: dryRun must be true or false/);
    expect(() => parseRepoConfig('mapping:\n  category:\n    crash: bug')).toThrow(/mapping\.category/);
    expect(() => parseRepoConfig('review:\n  onTimeout: later')).toThrow(/review\.onTimeout must be "write".*or "skip"/);
    expect(() => parseRepoConfig('dryrun: false')).toThrow(/Unrecognized key.*dryrun/);
    expect(() => parseRepoConfig('duplicates:\n  threshold: 1.5')).toThrow(/duplicates\.threshold: duplicates\.threshold must be a number between 0 and 1, or auto/);
    expect(() => parseRepoConfig('duplicates:\n  threshold: sometimes')).toThrow(/duplicates\.threshold must be a number between 0 and 1, or auto/);
    expect(() => parseRepoConfig('- just\n- a list')).toThrow(RepoConfigError);
  });
});

describe('label plan', () => {
  test('adds only the mapped labels the issue lacks, matching names without case', () => {
    expect(planLabels(triage(), DEFAULT_REPO_CONFIG, ['Bug', 'needs-repro'], ledgerView([], { dryRun: false }))).toEqual({ wanted: ['bug', 'priority: p0'], toAdd: ['priority: p0'], toRemove: [] });
  });

  test('never adds a human-only label or one a person removed', () => {
    const config = { ...DEFAULT_REPO_CONFIG, humanOnlyLabels: ['priority: p0'] };
    const removed = ledgerView([entry({ value: 'duplicate', action: 'removed', byTriageflow: false, actor: 'ann' })], { dryRun: false });
    expect(planLabels(triage({ duplicateOf: 3 }), config, [], removed)).toEqual({ wanted: ['bug'], toAdd: ['bug'], toRemove: [] });
  });

  test('takes off only the labels the triage put on and no longer wants, never a person\'s or a human-only one', () => {
    const ledger = ledgerView([
      entry({ value: 'bug' }), entry({ value: 'priority: p0' }), entry({ value: 'wontfix' }),
      // A person took "wontfix" off and put it back: it is theirs now.
      entry({ value: 'wontfix', action: 'removed', byTriageflow: false, actor: 'ann' }), entry({ value: 'wontfix', action: 'added', byTriageflow: false, actor: 'ann' }),
      entry({ value: 'needs-info', feature: 'missing-info' }),
    ], { dryRun: false });
    const config = { ...DEFAULT_REPO_CONFIG, humanOnlyLabels: ['priority: p0'] };
    const plan = planLabels(triage({ category: 'feature', priority: 'p2' }), config, ['Bug', 'priority: p0', 'wontfix', 'needs-info', 'good first issue'], ledger);
    // "needs-info" belongs to another part of Triageflow; "priority: p0" is human-only now.
    expect(plan).toEqual({ wanted: ['enhancement'], toAdd: ['enhancement'], toRemove: ['Bug'] });
  });

  test('the duplicate comment carries the marker and the older issue', () => {
    expect(duplicateComment('See #{{duplicateOf}}.', triage({ duplicateOf: 7 }))).toBe(`See #7.\n\n${DUPLICATE_MARKER}`);
    expect(duplicateComment('See #{{duplicateOf}}.', triage())).toBeNull();
    expect(duplicateComment(null, triage({ duplicateOf: 7 }))).toBeNull();
  });
});
