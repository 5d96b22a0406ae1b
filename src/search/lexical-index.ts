import type { Pool } from '../db/pool';
import { searchTerms } from './search-text';

// The lexical side of similar-issue search: a TF-IDF vector over each issue's words (search-text.ts),
// sublinear term frequency times the repository's inverse document frequency at the time the issue was
// written. Measured on the SeaMonkey duplicates, weights frozen at write time rank as well as weights
// recomputed over the final corpus, so an issue is written once, not re-weighted whenever the corpus
// grows. Words are hashed into 2^20 slots of a sparsevec (rare collisions add a little noise) and the 128
// heaviest are kept, within pgvector's limit for an HNSW index on sparse vectors (1,000 non-zeros).

export const LEXICAL_DIMENSIONS = 1_048_576;
const MAX_TERMS = 128;

// One statement, so a retried activity or a concurrent writer never sees half of it: the document
// frequencies move by the difference between the old and new lexemes (a redelivered or retried
// save changes nothing), and the vector is weighted with them. Inserts take row locks in lexeme
// order, so two issues written at once cannot deadlock on the words they share.
const UPSERT = `
WITH input AS (SELECT * FROM unnest($4::text[], $5::real[]) AS t(lexeme, count)),
old AS (SELECT lexemes FROM issue_terms WHERE repo_id = $1 AND number = $2),
old_lex AS (SELECT unnest(lexemes) AS lexeme FROM old),
added AS (SELECT lexeme FROM input EXCEPT SELECT lexeme FROM old_lex),
removed AS (SELECT lexeme FROM old_lex EXCEPT SELECT lexeme FROM input),
count_doc AS (
  INSERT INTO repo_term_docs (repo_id, docs) SELECT $1, 1 WHERE NOT EXISTS (SELECT 1 FROM old)
  ON CONFLICT (repo_id) DO UPDATE SET docs = repo_term_docs.docs + 1),
count_added AS (
  INSERT INTO repo_term_df (repo_id, lexeme, df) SELECT $1, lexeme, 1 FROM added ORDER BY lexeme
  ON CONFLICT (repo_id, lexeme) DO UPDATE SET df = repo_term_df.df + 1),
count_removed AS (
  UPDATE repo_term_df SET df = df - 1 WHERE repo_id = $1 AND lexeme IN (SELECT lexeme FROM removed)),
corpus AS (
  SELECT COALESCE((SELECT docs FROM repo_term_docs WHERE repo_id = $1), 0)
         + CASE WHEN EXISTS (SELECT 1 FROM old) THEN 0 ELSE 1 END AS docs),
-- Document frequencies by primary key, one lexeme at a time: joined, the planner read all of the
-- repository's (tens of thousands of rows).
weighted AS (
  SELECT i.lexeme,
         (1 + ln(i.count)) * (ln((c.docs + 1.0) / (COALESCE((SELECT f.df FROM repo_term_df f WHERE f.repo_id = $1 AND f.lexeme = i.lexeme), 0)
                                                  + (i.lexeme IN (SELECT lexeme FROM added))::int + 1.0)) + 1) AS w
    FROM input i CROSS JOIN corpus c),
heaviest AS (SELECT lexeme, w FROM weighted ORDER BY w DESC, lexeme LIMIT ${MAX_TERMS}),
slots AS (SELECT (hashtext(lexeme) & ${LEXICAL_DIMENSIONS - 1}) + 1 AS slot, sum(w) AS w FROM heaviest GROUP BY 1)
INSERT INTO issue_terms (repo_id, number, content_hash, lexemes, terms)
VALUES ($1, $2, $3, $4::text[],
        ('{' || COALESCE((SELECT string_agg(slot || ':' || w, ',' ORDER BY slot) FROM slots), '') || '}/${LEXICAL_DIMENSIONS}')::sparsevec)
ON CONFLICT (repo_id, number) DO UPDATE
  SET content_hash = EXCLUDED.content_hash, lexemes = EXCLUDED.lexemes, terms = EXCLUDED.terms, updated_at = now()`;

export interface LexicalDocument {
  repoId: number;
  number: number;
  contentHash: string;
  title: string;
  body: string;
}

/** Takes a pool, or a client inside a transaction (lexical-rebuild.ts). */
export async function upsertLexical(pool: Pick<Pool, 'query'>, doc: LexicalDocument): Promise<void> {
  const { lexemes, counts } = searchTerms(doc.title, doc.body);
  await pool.query(UPSERT, [doc.repoId, doc.number, doc.contentHash, lexemes, counts]);
}
