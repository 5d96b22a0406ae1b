import type { MissingInfoItem, MissingItem } from '../../domain/assistant';
import { prepareReport } from './report-text';
import { RULES } from './rules';
import type { IssueTemplate } from './templates';

export interface MissingInfoInput {
  /** owner/name: the product's names come from it ("react", "vscode"). */
  repo: string;
  title: string;
  body: string;
  /** What the repository asks of this category, in its config's order. */
  required: readonly MissingInfoItem[];
  /** The repository's issue templates, when it has any. */
  templates?: IssueTemplate[];
}

export interface MissingInfoReport {
  missing: MissingItem[];
  /** What was found, and where, for every required item that is there. */
  present: { item: MissingInfoItem; evidence: string }[];
}

/** Which of the required items the report lacks, each with the reason; offline and deterministic. */
export function detectMissingInfo(input: MissingInfoInput): MissingInfoReport {
  const report = prepareReport(input);
  const missing: MissingItem[] = [];
  const present: MissingInfoReport['present'] = [];
  for (const item of new Set(input.required)) {
    const result = RULES[item](report);
    if (result.found) present.push({ item, evidence: result.evidence });
    else missing.push({ item, reason: result.reason });
  }
  return { missing, present };
}
