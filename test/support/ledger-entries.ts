import type { LedgerEntry } from '../../src/github/ledger';

let nextId = 1;

/** A ledger entry for the pure rules' tests: Triageflow's triage adding a label unless told otherwise. */
export function entry(over: Partial<LedgerEntry>): LedgerEntry {
  return {
    id: nextId++, kind: 'label', value: 'bug', action: 'added', byTriageflow: true, actor: null, feature: over.byTriageflow === false ? null : 'triage',
    cause: over.byTriageflow === false ? 'github' : 'classification', causeRef: null, triage: null, dryRun: false, at: new Date(0).toISOString(), ...over,
  };
}
