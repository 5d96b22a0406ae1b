import type { Pool } from '../db/pool';
import type { Category, GithubState, SimilarIssue } from '../domain/triage';
import type { Embedder } from '../ai/types';

export const toVectorLiteral = (v: number[]): string => `[${v.join(',')}]`;

/**
 * pgvector's binary input (vector_recv): dimensions and a reserved zero as int16, then float4s, all big-endian.
 * `pg` sends a Buffer parameter in binary, so the database neither parses 1,024 numbers from text (0.9 ms
 * of the embedded database's single thread per vector, measured) nor does this process print them.
 */
export function toVectorBinary(v: number[]): Buffer {
  const out = Buffer.allocUnsafe(4 + 4 * v.length);
  out.writeInt16BE(v.length, 0);
  out.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) out.writeFloatBE(v[i]!, 4 + 4 * i);
  return out;
}

export async function upsertEmbedding(
  pool: Pool,
  row: { repoId: number; number: number; embedder: Embedder; contentHash: string; vector: number[]; title?: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO issue_embeddings (repo_id, number, embedder, dims, content_hash, embedding, title, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::vector, $7, now())
     ON CONFLICT (repo_id, number) DO UPDATE SET embedder = EXCLUDED.embedder, dims = EXCLUDED.dims,
       content_hash = EXCLUDED.content_hash, embedding = EXCLUDED.embedding, title = EXCLUDED.title, updated_at = now()`,
    [row.repoId, row.number, row.embedder.id, row.embedder.dimensions, row.contentHash, toVectorBinary(row.vector), row.title ?? ''],
  );
}

/** The content hash the issue's stored vector was made from, if it has one. */
export async function storedContentHash(pool: Pool, repoId: number, number: number, embedder: Embedder): Promise<string | undefined> {
  const { rows } = await pool.query<{ content_hash: string }>(
    'SELECT content_hash FROM issue_embeddings WHERE repo_id = $1 AND number = $2 AND embedder = $3',
    [repoId, number, embedder.id],
  );
  return rows[0]?.content_hash;
}

/**
 * Nearest issues of the same repository by cosine similarity (pgvector) to the issue's own stored vector,
 * the issue itself excluded. The vector is read inside the statement, so it never travels to this process
 * and back (1,024 floats as text each way); an issue with no stored vector has no similar issues.
 */
export type SimilarRow = SimilarIssue & { body: string; priority: string | null; labels: string[]; corrected: boolean };

export async function findSimilar(
  pool: Pool,
  q: { repoId: number; number: number; embedder: Embedder; limit?: number; correctedOnly?: boolean },
): Promise<SimilarRow[]> {
  const dims = q.embedder.dimensions;
  const { rows } = await pool.query<{ number: number; title: string; body: string; state: GithubState | null; category: Category | null; priority: string | null; labels: string[]; corrected: boolean; distance: number }>(
    `WITH target AS (
       SELECT embedding::vector(${dims}) AS v FROM issue_embeddings WHERE repo_id = $1 AND number = $2 AND embedder = $3 AND dims = ${dims})
     SELECT e.number, COALESCE(i.title, e.title) AS title, COALESCE(i.body, '') AS body, i.state, i.category, i.priority,
            COALESCE(i.labels, '[]'::jsonb) AS labels, COALESCE(i.corrected, false) AS corrected,
            (e.embedding::vector(${dims})) <=> target.v AS distance
       FROM target CROSS JOIN issue_embeddings e
       LEFT JOIN issues i ON i.repo_id = e.repo_id AND i.number = e.number
      WHERE e.repo_id = $1 AND e.number <> $2 AND e.dims = ${dims} AND e.embedder = $3
        AND COALESCE(i.state, 'open') NOT IN ('deleted', 'transferred') AND ($5::boolean IS NOT TRUE OR i.corrected)
      ORDER BY (e.embedding::vector(${dims})) <=> target.v
      LIMIT $4`,
    [q.repoId, q.number, q.embedder.id, q.limit ?? 5, q.correctedOnly ?? false],
  );
  return rows.map((r) => ({
    number: r.number,
    title: r.title,
    body: r.body,
    // A vector stored before its issue row is an issue being triaged right now: open.
    state: r.state ?? 'open',
    category: r.category,
    priority: r.priority,
    labels: r.labels,
    corrected: r.corrected,
    similarity: Math.max(0, Math.min(1, 1 - Number(r.distance))),
  }));
}
