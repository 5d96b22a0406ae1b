import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes let an operator filter workflows in the Temporal UI, e.g.
// `TriageRepo = "octo/app" AND TriageCategory = "bug" AND TriageCorrected = false`.
export const TriageRepo = defineSearchAttributeKey('TriageRepo', SearchAttributeType.KEYWORD);
export const TriageCategory = defineSearchAttributeKey('TriageCategory', SearchAttributeType.KEYWORD);
export const TriagePriority = defineSearchAttributeKey('TriagePriority', SearchAttributeType.KEYWORD);
export const TriageStatus = defineSearchAttributeKey('TriageStatus', SearchAttributeType.KEYWORD);
export const TriageConfidence = defineSearchAttributeKey('TriageConfidence', SearchAttributeType.DOUBLE);
export const TriageCorrected = defineSearchAttributeKey('TriageCorrected', SearchAttributeType.BOOL);

export const TRIAGE_SEARCH_ATTRIBUTES = [TriageRepo, TriageCategory, TriagePriority, TriageStatus, TriageConfidence, TriageCorrected];
