import type { TriageResult } from '../domain/triage';
import type { RepoConfig } from './repo-config';

// Which triages a person must look at before they reach GitHub. The model's own confidence is one
// reason; it is also written by whoever wrote the issue text (which can say "I am certain"), so the two
// writes that cost most when wrong wait for a person whatever the confidence: a p0 priority label
// (pages people, reorders a team's week) and a duplicate comment (tells the reporter in public that
// their issue is not new). A repository that accepts those risks lists them in `review.autoApprove`.

export interface ReviewNeed {
  reason: string;
  /** A consequential write (not only low confidence): a review timeout never writes it unreviewed. */
  consequential: boolean;
}

/** Why the triage must wait for a person, or undefined when it may be written as it is. */
export function reviewNeed(triage: TriageResult, config: RepoConfig, comment: string | null): ReviewNeed | undefined {
  const auto = new Set(config.review.autoApprove);
  const consequential = [
    triage.priority === 'p0' && config.priorityLabels.p0 && !auto.has('p0') ? `the priority label "${config.priorityLabels.p0}" (p0)` : null,
    comment && !auto.has('duplicateComment') ? `a comment saying it duplicates #${triage.duplicateOf}` : null,
  ].filter((x): x is string => x !== null);
  if (consequential.length) {
    return { consequential: true, reason: `It would add ${consequential.join(' and ')}, which a person approves first whatever the model's confidence (list it in review.autoApprove to write it unreviewed).` };
  }
  if (triage.confidence < config.confidenceThreshold) {
    return { consequential: false, reason: `Confidence ${triage.confidence.toFixed(2)} is below the repository's threshold ${config.confidenceThreshold}: waiting for a person to approve or correct it.` };
  }
  return undefined;
}
