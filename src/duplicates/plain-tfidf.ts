import type { CorpusIssue } from './corpus';

// The yardstick `eval --duplicates` measures the words side against: TF-IDF as scikit-learn's
// TfidfVectorizer computes it with `lowercase=True, token_pattern='[a-z0-9_]+', sublinear_tf=True`
// and its other defaults (smooth idf, l2 norm), over the title counted twice and the raw body, fitted
// on the whole corpus, ranked by cosine. No cleaning, no caps, no frozen weights: if the product's
// own words side cannot match this, its tokenizer or cleaning is losing information.

const TOKEN = /[a-z0-9_]+/g;

export function plainTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** The text the baseline reads for an issue: the title twice, then the body. */
export function plainDocument(issue: Pick<CorpusIssue, 'title' | 'body'>): string {
  return `${issue.title}\n${issue.title}\n${issue.body}`;
}

export interface TfidfIndex {
  numbers: number[];
  /** Each issue's l2-normalised vector, term id -> weight. */
  vectors: Map<number, number>[];
  /** Issues of the corpus (by position) that hold each term. */
  postings: Map<number, number[]>;
}

export function buildTfidf(issues: Pick<CorpusIssue, 'number' | 'title' | 'body'>[], tokens: (issue: Pick<CorpusIssue, 'title' | 'body'>) => string[]): TfidfIndex {
  const ids = new Map<string, number>();
  const counts = issues.map((issue) => {
    const tf = new Map<number, number>();
    for (const t of tokens(issue)) {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    return tf;
  });
  const df = new Map<number, number>();
  for (const tf of counts) for (const id of tf.keys()) df.set(id, (df.get(id) ?? 0) + 1);
  const n = issues.length;
  const postings = new Map<number, number[]>();
  const vectors = counts.map((tf, doc) => {
    const v = new Map<number, number>();
    let norm = 0;
    for (const [id, c] of tf) {
      const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + df.get(id)!)) + 1);
      v.set(id, w);
      norm += w * w;
      const list = postings.get(id);
      if (list) list.push(doc);
      else postings.set(id, [doc]);
    }
    norm = Math.sqrt(norm) || 1;
    for (const [id, w] of v) v.set(id, w / norm);
    return v;
  });
  return { numbers: issues.map((i) => i.number), vectors, postings };
}

/** Every other issue of the corpus that shares a term with the query, best cosine first (ties: lower number). */
export function rankByCosine(index: TfidfIndex, number: number): { number: number; score: number }[] {
  const doc = index.numbers.indexOf(number);
  if (doc < 0) return [];
  const scores = new Map<number, number>();
  for (const [id, w] of index.vectors[doc]!) {
    for (const other of index.postings.get(id)!) {
      if (other !== doc) scores.set(other, (scores.get(other) ?? 0) + w * index.vectors[other]!.get(id)!);
    }
  }
  return [...scores]
    .map(([other, score]) => ({ number: index.numbers[other]!, score }))
    .sort((a, b) => b.score - a.score || a.number - b.number);
}

export const plainTfidfIndex = (issues: Pick<CorpusIssue, 'number' | 'title' | 'body'>[]): TfidfIndex =>
  buildTfidf(issues, (issue) => plainTokens(plainDocument(issue)));
