import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { TriageCategory, TriageConfidence, TriageCorrected, TriagePriority, TriageRepo, TriageStatus } from '../src/domain/search-attributes';
import type { TriageState } from '../src/domain/triage-state';

export interface Publisher {
  /** Keeps the search attributes and the memo equal to the state, so the Temporal UI can filter on them. */
  publish(state: TriageState): void;
}

const attributesKey = (s: TriageState) => JSON.stringify([s.repoFullName, s.status, s.corrected, s.triage?.category, s.triage?.priority, s.triage?.confidence]);

/**
 * Each upsert is a command and a history event, so only what changed is sent: one search-attribute
 * upsert per triage, and a memo upsert only when the title changes. `shown` is the state a previous run
 * already published (continue-as-new keeps search attributes and memo).
 */
export function createPublisher(shown?: TriageState): Publisher {
  let attributes = shown ? attributesKey(shown) : '';
  let title = shown?.title;
  return {
    publish(state) {
      const key = attributesKey(state);
      if (key !== attributes) {
        attributes = key;
        upsertSearchAttributes(searchAttributes(state));
      }
      if (state.title !== title) {
        title = state.title;
        upsertMemo({ title: state.title });
      }
    },
  };
}

function searchAttributes(state: TriageState): SearchAttributeUpdatePair[] {
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
  return updates;
}
