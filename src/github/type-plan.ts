import type { TriageResult } from '../domain/triage';
import { TRIAGE_FEATURE } from './label-plan';
import type { LedgerView } from './ledger';
import type { RepoConfig } from './repo-config';
import type { IssueTypeOutcome } from './write-back-store';

// Pure rule of what write-back does with the issue type. It sets the type the category maps to only
// when the issue has none; a type a person set is never changed; a type the triage set itself follows
// the triage (a correction from bug to feature turns its "Bug" into "Feature", like its labels); and once
// a person took a type off, Triageflow sets none again on that issue.

export interface TypePlan extends IssueTypeOutcome {
  /** What to send: a type name, or null to clear it; absent: leave the type alone. */
  change?: { to: string | null };
}

export function planType(triage: TriageResult, config: RepoConfig, onIssue: string | null, ledger: LedgerView): TypePlan | null {
  if (!config.typeMapping) return null;
  const wanted = config.typeMapping[triage.category] ?? null;
  const base = { wanted, before: onIssue, after: onIssue };
  if (onIssue) {
    if (!ledger.ownedBy('type', onIssue, TRIAGE_FEATURE)) {
      return { ...base, outcome: 'kept', reason: `The type "${onIssue}" was set by a person (or not by Triageflow): it is never changed.` };
    }
    if (wanted?.toLowerCase() === onIssue.toLowerCase()) return { ...base, outcome: 'kept', reason: null };
    return { ...base, after: wanted, outcome: wanted ? 'replaced' : 'cleared', reason: null, change: { to: wanted } };
  }
  if (!wanted) return { ...base, outcome: 'none', reason: null };
  const removed = ledger.removedByPeople('type');
  if (removed.length) return { ...base, outcome: 'none', reason: `A person removed the type "${removed.at(-1)}" from this issue: Triageflow sets none again.` };
  return { ...base, after: wanted, outcome: 'set', reason: null, change: { to: wanted } };
}
