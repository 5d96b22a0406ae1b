// The words of a triage that every side shares: the server, the worker, the workflow and the dashboard's
// API. Plain data and constants only, so the workflow sandbox can load this module.

export const CATEGORIES = ['bug', 'feature', 'question', 'documentation', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['p0', 'p1', 'p2', 'p3'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** `invalid`: the issue itself cannot be triaged; `failed`: the model refused for good (e.g. a rejected API key). */
export type IssueStatus = 'pending' | 'triaged' | 'invalid' | 'failed' | 'corrected' | 'closed' | 'deleted';
export type GithubState = 'open' | 'closed' | 'deleted' | 'transferred';

export interface TriageResult {
  category: Category;
  /** Null only when a person set the category of an issue the model never triaged, and no priority. */
  priority: Priority | null;
  labels: string[];
  confidence: number;
  rationale: string;
  duplicateOf: number | null;
  model: string | null;
}

/** What a model answered for an issue; the triage is built from it. */
export interface Classification {
  category: Category;
  priority: Priority;
  labels: string[];
  /** 0..1, honest: low when the model has little to go on. */
  confidence: number;
  /** One line a person can read. */
  rationale: string;
  duplicateOf: number | null;
  /** provider:model[@version], e.g. "offline:nb@12" or "openai:gpt-4o-mini". */
  model: string;
  usage: Usage;
  /** True when the answer came from the cache rather than a model call. */
  cached: boolean;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface SimilarIssue {
  number: number;
  title: string;
  /** How alike, 0..1: the fused score of the word and embedding similarities below. */
  similarity: number;
  /** Cosine of the issues' TF-IDF word vectors, 0..1 (absent on results stored before it existed). */
  lexical?: number;
  /** Cosine of the issues' embeddings, 0..1. */
  semantic?: number;
  /** The issue's state on GitHub: a closed one is canonical only when no open one qualifies. */
  state?: GithubState;
  category?: Category | null;
}
