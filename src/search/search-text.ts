import { cleanIssue } from '../ai/offline/text-clean';
import { words } from '../ai/offline/tokenize';

// What the lexical index counts for an issue. The body is what a person wrote and the code or log they
// pasted, without HTML comments (template instructions), image and link URLs, template headings or
// "_No response_" placeholders, which every issue of a repository shares. The title counts twice, the
// field weighting BM25F-style rankers use: it is the author's own summary.
//
// Words come from the offline model's tokenizer, not PostgreSQL's to_tsvector: on the SeaMonkey
// duplicates English stemming ranked no better than plain words, and to_tsvector cost the embedded
// database 5-8 ms of its single thread per issue.

const TITLE_WEIGHT = 2;

export interface SearchTerms {
  /** Distinct words, sorted. */
  lexemes: string[];
  /** Weighted count of each word: body occurrences plus TITLE_WEIGHT per title occurrence. */
  counts: number[];
}

export function searchTerms(title: string, body: string): SearchTerms {
  const clean = cleanIssue('', body);
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const w of words(text)) counts.set(w, (counts.get(w) ?? 0) + weight);
  };
  add(title, TITLE_WEIGHT);
  add(clean.prose, 1);
  add(clean.code, 1);
  const lexemes = [...counts.keys()].sort();
  return { lexemes, counts: lexemes.map((l) => counts.get(l)!) };
}
