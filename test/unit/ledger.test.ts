import { ledgerView } from '../../src/github/ledger';
import { entry } from '../support/ledger-entries';

// The ledger's rule: Triageflow may take off only what it put on itself and no person has touched since.

describe('ledger view', () => {
  test('the last entry for a value decides, matching label and type names without case', () => {
    const view = ledgerView([entry({ value: 'bug' }), entry({ value: 'Bug', action: 'removed', byTriageflow: false, actor: 'ann' })], { dryRun: false });
    expect(view.ownedBy('label', 'BUG', 'triage')).toBe(false);
    expect(view.removedByPeople('label')).toEqual(['Bug']);
    expect(view.last('label', 'bug')).toMatchObject({ actor: 'ann', action: 'removed' });
  });

  test('a label a person re-added after Triageflow added it is the person\'s', () => {
    const view = ledgerView([
      entry({ value: 'bug' }),
      entry({ value: 'bug', action: 'removed', byTriageflow: false, actor: 'ann' }),
      entry({ value: 'bug', action: 'added', byTriageflow: false, actor: 'ann' }),
    ], { dryRun: false });
    expect(view.ownedBy('label', 'bug', 'triage')).toBe(false);
    expect(view.removedByPeople('label')).toEqual([]);
  });

  test('each part of Triageflow owns only its own writes', () => {
    const view = ledgerView([entry({ value: 'needs-info', feature: 'missing-info' })], { dryRun: false });
    expect(view.ownedBy('label', 'needs-info', 'triage')).toBe(false);
    expect(view.ownedBy('label', 'needs-info', 'missing-info')).toBe(true);
  });

  test('a live run ignores what dry runs simulated; a dry run sees it on the issue', () => {
    const entries = [entry({ value: 'bug', dryRun: true }), entry({ value: 'question', dryRun: true }), entry({ value: 'question', action: 'removed', dryRun: true })];
    expect(ledgerView(entries, { dryRun: false }).ownedBy('label', 'bug', 'triage')).toBe(false);
    const dry = ledgerView(entries, { dryRun: true });
    expect(dry.ownedBy('label', 'bug', 'triage')).toBe(true);
    expect(dry.onIssue('label', ['needs-repro', 'question'])).toEqual(['needs-repro', 'bug']);
    expect(ledgerView(entries, { dryRun: false }).onIssue('label', ['needs-repro'])).toEqual(['needs-repro']);
  });
});
