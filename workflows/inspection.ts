import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { TriageCategory, TriageConfidence, TriageCorrected, TriagePriority, TriageRepo, TriageStatus } from './search-attributes';
import type { TriageState } from './types';

/** Keeps the workflow's search attributes equal to its state, so the Temporal UI can filter on them. */
export function publishSearchAttributes(state: TriageState): void {
  const updates: SearchAttributeUpdatePair[] = [
    { key: TriageRepo, value: state.repoFullName },
    { key: TriageStatus, value: state.status },
    { key: TriageCorrected, value: state.corrected },
  ];
  if (state.triage) {
    updates.push(
      { key: TriageCategory, value: state.triage.category },
      { key: TriagePriority, value: state.triage.priority },
      { key: TriageConfidence, value: state.triage.confidence },
    );
  }
  upsertSearchAttributes(updates);
}
