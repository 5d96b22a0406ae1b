import type { Category, Classification, Priority, SimilarIssue } from '../domain/triage';

// Contracts between the triage pipeline and whatever model does the work.
// The offline model and the OpenAI provider both implement these; activities see nothing else.

/** The text of an issue as the models see it. */
export interface IssueText {
  repo: string; // "owner/name"
  /** The repository's id and the issue's author, for the model budgets; no prompt or cache key reads them. */
  repoId?: number;
  author?: string | null;
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
  /**
   * The offline model's answer, whatever provider classifies otherwise: for text that must not leave the
   * worker (a security report the repository keeps away from remote models). Absent where classify is
   * already offline.
   */
  classifyOffline?(input: ClassifyInput): Promise<Classification>;
  /** Teaches the model from a human label; a no-op for providers that learn through retrieval only. */
  learn(example: LabeledExample): Promise<void>;
  cacheStats(): Promise<CacheStats>;
}

/** A single classification backend; the cache and provider selection wrap it into a TriageModel. */
export interface Classifier {
  /** provider:model[@version]; changes whenever the answers for the same input may change. */
  readonly id: string;
  classify(input: ClassifyInput): Promise<Omit<Classification, 'cached'>>;
  /**
   * The result cache's key for an input: a hash of exactly what the classifier reads of it (a prompt
   * hashes its messages). Without it the cache hashes the whole input (classifyInputHash).
   */
  cacheKey?(input: ClassifyInput): string;
}
