import { searchTokens } from './search-tokens';

// What the lexical index counts for an issue: the title twice (the field weighting BM25F-style rankers
// use: it is the author's own summary) and the body as written, less its HTML comments (an issue
// template's instructions, the same in every issue and invisible to readers). Headings, placeholders,
// links and pasted logs stay: the repository's document frequencies already weigh down what every issue
// shares, and what was taken out cost more than it saved. On SeaMonkey, whose reports name the site
// that breaks, dropping links cost recall@5 0.79 -> 0.758; on Jira text a numbered list (`# step`)
// reads as a markdown heading; a stack trace pasted after a long log was cut off at 20,000 characters.
//
// Words come from search-tokens.ts, not PostgreSQL's to_tsvector: on the SeaMonkey duplicates English
// stemming ranked no better than plain words, and to_tsvector cost the embedded database 5-8 ms of its
// single thread per issue.

/** Names the recipe below; a change to it (or to search-tokens.ts) needs a new name, which makes start-up ask to index the words again. */
export const SEARCH_WORDS_RECIPE = 'words-v2';

const TITLE_WEIGHT = 2;
/** GitHub caps a body at 65,536 characters; a longer one (an import, an evaluation file) is cut here. */
const MAX_BODY_CHARS = 262_144;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

export interface SearchTerms {
  /** Distinct words, sorted. */
  lexemes: string[];
  /** Weighted count of each word: body occurrences plus TITLE_WEIGHT per title occurrence. */
  counts: number[];
}

export function searchTerms(title: string, body: string): SearchTerms {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const w of searchTokens(text)) counts.set(w, (counts.get(w) ?? 0) + weight);
  };
  add(title, TITLE_WEIGHT);
  add((body ?? '').slice(0, MAX_BODY_CHARS).replace(HTML_COMMENT, ' '), 1);
  const lexemes = [...counts.keys()].sort();
  return { lexemes, counts: lexemes.map((l) => counts.get(l)!) };
}
