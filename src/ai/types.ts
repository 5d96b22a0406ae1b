// Contracts between the triage pipeline and whatever model does the work.
// The offline model and the OpenAI provider both implement these; activities see nothing else.

export const CATEGORIES = ['bug', 'feature', 'question', 'documentation', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['p0', 'p1', 'p2', 'p3'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The text of an issue as the models see it. */
export interface IssueText {
  repo: string; // "owner/name"
  number?: number;
  title: string;
  body: string;
  /** Labels currently on the issue in GitHub. */
  labels?: string[];
  /** Total reactions on the issue, a popularity signal for priority. */
  reactions?: number;
}

export interface RepoLabel {
  name: string;
  description?: string;
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
  state?: 'open' | 'closed' | 'deleted' | 'transferred';
  category?: Category | null;
}

/** An issue a person classified, retrieved as a few-shot example. */
export interface CorrectedExample {
  title: string;
  body: string;
  category: Category;
  priority?: Priority | null;
  labels?: string[];
}

export interface ClassifyInput {
  issue: IssueText;
  similar: SimilarIssue[];
  examples: CorrectedExample[];
  labelSet: RepoLabel[];
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

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

export interface Embedder {
  /** provider:model:dimensions, stored beside every vector so dimensions are never mixed. */
  readonly id: string;
  readonly dimensions: number;
  /** Embeds many texts in one go (providers batch them). Vectors are L2-normalised. */
  embed(texts: string[]): Promise<number[][]>;
}

/** What a person said an issue is. Only human labels teach the model. */
export interface LabeledExample {
  issue: IssueText;
  category?: Category;
  priority?: Priority;
  labels?: string[];
  /** Human corrections weigh more than imported labels. */
  source: 'correction' | 'import';
}

export interface CacheStats {
  hits: number;
  misses: number;
  hitRate: number;
  callsSaved: number;
  costSavedUsd: number;
}

/** Everything the pipeline needs from "the model", whichever provider backs it. */
export interface TriageModel {
  readonly embedder: Embedder;
  /** The classifier reads few-shot `examples` (a prompt does; the offline model learns instead), so they are worth fetching. */
  readonly usesExamples: boolean;
  classify(input: ClassifyInput): Promise<Classification>;
  /** Teaches the model from a human label; a no-op for providers that learn through retrieval only. */
  learn(example: LabeledExample): Promise<void>;
  cacheStats(): Promise<CacheStats>;
}

/** A single classification backend; the cache and provider selection wrap it into a TriageModel. */
export interface Classifier {
  /** provider:model[@version]; changes whenever the answers for the same input may change. */
  readonly id: string;
  classify(input: ClassifyInput): Promise<Omit<Classification, 'cached'>>;
}
