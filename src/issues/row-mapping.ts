import type { TriageResult } from '../domain/triage';
import type { ClassificationRecord, CorrectionRecord, IssueSummary } from './view';

export interface IssueRow {
  repo_id: number;
  repo_full_name: string;
  number: number;
  workflow_id: string;
  title: string;
  body: string;
  author: string | null;
  url: string | null;
  state: IssueSummary['state'];
  status: IssueSummary['status'];
  github_labels: string[];
  category: TriageResult['category'] | null;
  priority: TriageResult['priority'] | null;
  labels: string[];
  confidence: number | null;
  rationale: string | null;
  duplicate_of: number | null;
  similar_issues: { number: number; title: string; similarity: number }[];
  model: string | null;
  corrected: boolean;
  invalid_reason: string | null;
  comments_count: number;
  content_hash: string | null;
  created_at: Date;
  updated_at: Date;
  /** Selected beside the row (visibility.ts): absent where a query does not need it. */
  repo_private?: boolean;
}

export type TemporalLink = (workflowId: string) => string | null;

export function triageOf(r: Pick<IssueRow, 'category' | 'priority' | 'labels' | 'confidence' | 'rationale' | 'duplicate_of' | 'model'>): TriageResult | null {
  if (!r.category) return null;
  return {
    category: r.category,
    priority: r.priority,
    labels: r.labels,
    confidence: r.confidence ?? 0,
    rationale: r.rationale ?? '',
    duplicateOf: r.duplicate_of,
    model: r.model,
  };
}

export function toSummary(r: IssueRow, link: TemporalLink): IssueSummary {
  return {
    repo: r.repo_full_name,
    repoId: r.repo_id,
    repoPrivate: r.repo_private ?? true,
    number: r.number,
    title: r.title,
    url: r.url,
    author: r.author,
    state: r.state,
    status: r.status,
    githubLabels: r.github_labels,
    triage: triageOf(r),
    corrected: r.corrected,
    invalidReason: r.invalid_reason,
    commentsCount: r.comments_count,
    workflowId: r.workflow_id,
    temporalUrl: link(r.workflow_id),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toClassificationRecord(r: IssueRow & { cached: boolean; tokens_in: number; tokens_out: number; cost_usd: number }): ClassificationRecord {
  return {
    ...triageOf(r)!,
    createdAt: r.created_at.toISOString(),
    cached: r.cached,
    usage: { inputTokens: r.tokens_in, outputTokens: r.tokens_out, costUsd: r.cost_usd },
  };
}

export function toCorrectionRecord(r: { id: number; actor: string; note: string | null; source?: CorrectionRecord['source']; before: CorrectionRecord['before']; after: CorrectionRecord['after']; created_at: Date }): CorrectionRecord {
  return { id: r.id, actor: r.actor, note: r.note, source: r.source ?? 'dashboard', before: r.before, after: r.after, createdAt: r.created_at.toISOString() };
}
