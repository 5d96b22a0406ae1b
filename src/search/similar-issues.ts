import type { Category, GithubState } from '../domain/triage';
import type { Embedder } from '../ai/types';
import type { Pool } from '../db/pool';

// Hybrid similar-issue search: candidates are gathered by words (lexical-index.ts) and by the embedding,
// each is scored exactly on both, and the scores are fused with a weighted sum. On the SeaMonkey
// duplicates a weighted sum kept the lexical side's lead where reciprocal rank fusion let the weaker
// offline embedding pull true duplicates down; see the README for the figures.
//
// An embedder run in this process gathers no candidates of its own; the words gather them and every
// candidate is scored on both sides. The hashed embedding is itself a bag of words and n-grams, so its
// own candidates are issues the words already found (recall@1/5/10 and MRR unchanged on the SeaMonkey
// duplicates, at 4 ms a query instead of 11). The offline sentence model's own candidates added one
// duplicate in 62 to the top 5 (recall@5 0.823 -> 0.839), but gathering them in a large repository
// takes the HNSW index, whose upkeep cost every insert 15 ms of the embedded database and whose walk
// kept the query far from 10 ms at 100,000 issues. A remote model is paid for its understanding and
// runs against a real PostgreSQL, so there both sides gather.

/** Candidates taken from each side. */
const CANDIDATES_PER_SIDE = 40;
/** At most about this many issues are scored on the lexical side of a large repository. */
const POSTINGS_BUDGET = 400;
/**
 * Up to this many issues a repository is searched exactly: cheap at that size. Past it, the lexical
 * candidates are the issues sharing the issue's rarest words (the GIN index over their words) and the
 * embedding candidates come from the HNSW index. The choice is made from the repository's issue count,
 * not left to the planner: its statistics describe the whole table, not one repository, and they lag a
 * growing table (autovacuum, or embedded-maintenance.ts, refreshes them only past a tenth's change), so it
 * can take a large repository for a small one and compare its vectors one by one.
 */
export const EXACT_SEARCH_MAX_ISSUES = 2_000;

export interface FusionWeights {
  lexical: number;
  semantic: number;
}

export interface ScoredSimilarRow {
  number: number;
  title: string;
  state: GithubState;
  category: Category | null;
  /** Fused score, 0..1: what ranks the list and what the duplicate threshold compares with. */
  similarity: number;
  /** Cosine of the lexical TF-IDF vectors, 0..1 (0 when either issue has none). */
  lexical: number;
  /** Cosine of the embeddings, 0..1 (0 when either issue has none). */
  semantic: number;
}

const unit = (x: unknown): number => {
  const n = Number(x);
  return Number.isFinite(n) ? Math.max(0, Math.min(1, n)) : 0;
};

export async function findSimilarHybrid(
  pool: Pool,
  q: {
    repoId: number; number: number; embedder: Embedder; limit: number; weights: FusionWeights; exactMaxIssues?: number;
    /** Whether the embedding gathers candidates of its own, beside the words (see the top of this file). */
    embeddingCandidates: boolean;
    /** Whether the HNSW index exists yet (vector-index.ts builds it once a repository needs it). */
    vectorIndexReady: () => Promise<boolean>;
    /** The repository's issue count (countRepoIssues); the vector store remembers it for a while. */
    repoIssues: (repoId: number) => Promise<number>;
  },
): Promise<ScoredSimilarRow[]> {
  const dims = q.embedder.dimensions;
  const large = (await q.repoIssues(q.repoId)) > (q.exactMaxIssues ?? EXACT_SEARCH_MAX_ISSUES);
  const indexed = large && (!q.embeddingCandidates || (await q.vectorIndexReady()));
  const sql = similarSql(dims, indexed, q.embeddingCandidates);
  const params = [q.repoId, q.number, q.embedder.id];
  let rows: SimilarSqlRow[];
  if (!indexed || !q.embeddingCandidates) {
    // Words alone need no planner setting: the GIN index is far cheaper than reading a large repository's
    // every row, so the planner takes it on its own, and the query is one round trip instead of three.
    // Planned for each issue (not a named statement, pool.ts): the best plan depends on its words.
    ({ rows } = await pool.query<SimilarSqlRow>({ text: sql, values: params }));
  } else {
    const client = await pool.connect();
    try {
      // With seq scans off for this transaction the planner takes the HNSW and GIN indexes: the repository
      // filter is written `repo_id + 0`, so no btree path competes with them.
      await client.query('BEGIN; SET LOCAL enable_seqscan = off');
      ({ rows } = await client.query<SimilarSqlRow>(sql, params));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  // An issue written before the lexical index existed has only its embedding: rank it by that alone
  // rather than halve every score.
  const hasTerms = rows[0]?.has_terms ?? false;
  const hasVector = rows[0]?.has_vector ?? false;
  const wl = hasTerms ? q.weights.lexical : 0;
  const ws = hasVector ? q.weights.semantic : 0;
  const total = wl + ws || 1;
  return rows
    .map((r) => {
      const lexical = unit(r.lexical);
      const semantic = unit(r.semantic);
      return {
        number: r.number, title: r.title,
        // A vector stored before its issue row is an issue being triaged right now: open.
        state: r.state ?? 'open', category: r.category,
        similarity: (wl * lexical + ws * semantic) / total, lexical, semantic,
      };
    })
    .filter((r) => r.similarity > 0)
    .sort((a, b) => b.similarity - a.similarity || a.number - b.number)
    .slice(0, q.limit);
}

/** Issues of the repository with words indexed: what decides between exact and indexed search. */
export async function countRepoIssues(pool: Pool, repoId: number): Promise<number> {
  const { rows } = await pool.query<{ docs: number }>('SELECT docs FROM repo_term_docs WHERE repo_id = $1', [repoId]);
  return rows[0]?.docs ?? 0;
}

interface SimilarSqlRow {
  number: number;
  title: string;
  state: GithubState | null;
  category: Category | null;
  lexical: number | null;
  semantic: number | null;
  has_terms: boolean;
  has_vector: boolean;
}

/**
 * The query, exported for the benchmark's plan check. Without `embeddingCandidates` the embedding side
 * still gathers for an issue that has no words indexed (stored before the lexical index existed).
 */
export function similarSql(dims: number, indexed: boolean, embeddingCandidates = true): string {
  const lexical = indexed
    ? `-- The issue's rarest words that another issue shares, as many as keep the postings to read within
     -- the budget: an issue sharing none of them is very unlikely to be among the nearest.
     rare AS (
       SELECT array_agg(lexeme) AS words FROM (
         SELECT lexeme, sum(df) OVER (ORDER BY df, lexeme) - df AS before FROM repo_term_df
          WHERE repo_id = $1 AND df >= 2
            AND lexeme = ANY ((SELECT lexemes FROM issue_terms WHERE repo_id = $1 AND number = $2)::text[])
       ) w WHERE before < ${POSTINGS_BUDGET}),
     lexical AS (
       SELECT s.number, s.terms <=> (SELECT terms FROM target) AS distance FROM issue_terms s
        WHERE s.repo_id + 0 = $1 AND s.number <> $2 AND s.lexemes && (SELECT words FROM rare)
        ORDER BY distance LIMIT ${CANDIDATES_PER_SIDE}),`
    : `lexical AS (
       SELECT s.number, s.terms <=> (SELECT terms FROM target) AS distance FROM issue_terms s WHERE s.repo_id = $1 AND s.number <> $2
        ORDER BY distance LIMIT ${CANDIDATES_PER_SIDE}),`;
  const embedding = `(e.embedding::vector(${dims})) <=> (SELECT v FROM target)`;
  return `WITH target AS (
       SELECT (SELECT terms FROM issue_terms WHERE repo_id = $1 AND number = $2) AS terms,
              (SELECT embedding::vector(${dims}) FROM issue_embeddings
                WHERE repo_id = $1 AND number = $2 AND embedder = $3 AND dims = ${dims}) AS v),
     ${lexical}
     semantic AS (
       SELECT e.number FROM issue_embeddings e
        WHERE e.${indexed ? 'repo_id + 0' : 'repo_id'} = $1 AND e.number <> $2 AND e.embedder = $3 AND e.dims = ${dims}${embeddingCandidates ? '' : `
          AND (SELECT terms FROM target) IS NULL`}
        ORDER BY ${embedding} LIMIT ${CANDIDATES_PER_SIDE}),
     -- A word candidate keeps the distance it was chosen by; only the embedding's own are looked up again.
     candidates AS (SELECT number, min(distance) AS distance FROM (
       SELECT number, distance FROM lexical UNION ALL SELECT number, NULL FROM semantic) c GROUP BY number)
     -- Each candidate's scores by primary key. LIMIT 1 keeps the planner from flattening the lateral
     -- lookups into joins, which it ran as scans of the repository's every embedding and issue.
     SELECT c.number, COALESCE(i.title, e.title, '') AS title, i.state, i.category,
            1 - COALESCE(c.distance, (SELECT s.terms FROM issue_terms s WHERE s.repo_id = $1 AND s.number = c.number) <=> t.terms) AS lexical,
            1 - ((e.embedding::vector(${dims})) <=> t.v) AS semantic,
            t.terms IS NOT NULL AS has_terms, t.v IS NOT NULL AS has_vector
       FROM candidates c CROSS JOIN target t
       LEFT JOIN LATERAL (SELECT embedding, title FROM issue_embeddings
                           WHERE repo_id = $1 AND number = c.number AND embedder = $3 AND dims = ${dims} LIMIT 1) e ON true
       LEFT JOIN LATERAL (SELECT title, state, category FROM issues WHERE repo_id = $1 AND number = c.number LIMIT 1) i ON true
      WHERE COALESCE(i.state, 'open') NOT IN ('deleted', 'transferred')`;
}
