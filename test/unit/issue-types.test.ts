import { parseGithubEvent } from '../../src/domain/parse-event';
import { categoryOfType, DEFAULT_REPO_CONFIG, parseRepoConfig } from '../../src/github/repo-config';
import { planType } from '../../src/github/type-plan';
import { ledgerView } from '../../src/github/ledger';
import { issueTypeJson } from '../../src/github/sample-payload';
import type { TriageResult } from '../../src/domain/triage';
import { realPayload } from '../support/github-examples';
import { entry } from '../support/ledger-entries';

// Issue types: the webhook's typed/untyped actions and the issue's `type`, the mapping in
// .github/triageflow.yml, and the rule of what write-back does with the type.

const at = new Date('2026-01-02T03:04:05Z');
const target = { repoId: 77, number: 5, repoFullName: 'octo/app' };
const triage = (over: Partial<TriageResult> = {}): TriageResult => ({ category: 'bug', priority: 'p1', labels: [], confidence: 0.9, rationale: '', duplicateOf: null, model: 'm', ...over });
const config = parseRepoConfig('mapping:\n  type: { bug: Bug, feature: Feature, question: null }\n');
const view = (...entries: Parameters<typeof entry>[0][]) => ledgerView(entries.map(entry), { dryRun: false });

describe('webhooks', () => {
  test('issues.typed and issues.untyped name the type they set or took off; the issue carries its type', () => {
    const typed = realPayload('issues', 'opened', target);
    Object.assign(typed, { action: 'typed', type: issueTypeJson('Bug') });
    typed.issue.type = issueTypeJson('Bug');
    expect(parseGithubEvent('issues', 'd-1', typed, at)).toMatchObject({ kind: 'event', event: { action: 'typed', issueType: 'Bug', issue: { type: 'Bug' } } });
    const untyped = { ...typed, action: 'untyped', issue: { ...typed.issue, type: null } };
    expect(parseGithubEvent('issues', 'd-2', untyped, at)).toMatchObject({ kind: 'event', event: { action: 'untyped', issueType: 'Bug', issue: { type: null } } });
  });

  test('a payload without the type field leaves the type unknown, not null', () => {
    const r = parseGithubEvent('issues', 'd', realPayload('issues', 'opened', target), at);
    expect(r.kind === 'event' && 'type' in r.event.issue).toBe(false);
  });
});

describe('config', () => {
  test('mapping.type names the types per category; off by default', () => {
    expect(DEFAULT_REPO_CONFIG.typeMapping).toBeNull();
    expect(config.typeMapping).toEqual({ bug: 'Bug', feature: 'Feature', question: null });
    expect(categoryOfType(config, 'feature')).toBe('feature');
    expect(categoryOfType(config, 'Task')).toBeUndefined();
    expect(() => parseRepoConfig('mapping:\n  type: { crash: Bug }')).toThrow(/mapping\.type/);
    expect(() => parseRepoConfig('mapping:\n  type: { bug: "" }')).toThrow(/an issue type name must not be empty/);
  });

  test('duplicates.close is off by default and takes a duration', () => {
    expect(DEFAULT_REPO_CONFIG.duplicateClose).toBeNull();
    expect(parseRepoConfig('duplicates:\n  close: { after: 30s }').duplicateClose).toEqual({ afterMs: 30_000 });
    expect(parseRepoConfig('duplicates:\n  close: null').duplicateClose).toBeNull();
    expect(() => parseRepoConfig('duplicates:\n  close: { after: soon }')).toThrow(/duplicates\.close\.after must be a duration like 30s, 12h or 3d/);
    expect(() => parseRepoConfig('duplicates:\n  close: {}')).toThrow(/duplicates\.close\.after/);
  });
});

describe('type plan', () => {
  test('sets the mapped type only on an issue without one', () => {
    expect(planType(triage(), config, null, view())).toMatchObject({ wanted: 'Bug', after: 'Bug', outcome: 'set', change: { to: 'Bug' } });
    expect(planType(triage({ category: 'question' }), config, null, view())).toMatchObject({ outcome: 'none' });
    expect(planType(triage(), DEFAULT_REPO_CONFIG, null, view())).toBeNull();
  });

  test('never changes a type Triageflow did not set', () => {
    const plan = planType(triage(), config, 'Task', view());
    expect(plan).toMatchObject({ before: 'Task', after: 'Task', outcome: 'kept' });
    expect(plan?.change).toBeUndefined();
    expect(planType(triage(), config, 'Feature', view({ kind: 'type', value: 'Feature', byTriageflow: false, actor: 'pat' }))?.change).toBeUndefined();
  });

  test('its own type follows the triage, and none is set again after a person took one off', () => {
    const own = view({ kind: 'type', value: 'Bug' });
    expect(planType(triage({ category: 'feature' }), config, 'bug', own)).toMatchObject({ outcome: 'replaced', change: { to: 'Feature' } });
    expect(planType(triage({ category: 'question' }), config, 'Bug', own)).toMatchObject({ outcome: 'cleared', change: { to: null } });
    expect(planType(triage(), config, 'Bug', own)).toMatchObject({ outcome: 'kept', reason: null });
    const removed = view({ kind: 'type', value: 'Bug' }, { kind: 'type', value: 'Bug', action: 'removed', byTriageflow: false, actor: 'pat' });
    expect(planType(triage(), config, null, removed)).toMatchObject({ outcome: 'none', reason: expect.stringMatching(/removed the type "Bug".*sets none again/) });
  });
});
