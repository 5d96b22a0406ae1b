import type { Pool } from '../db/pool';
import type { Embedder } from './types';

export class EmbedderMismatchError extends Error {
  override name = 'EmbedderMismatchError';
}

/**
 * Records which embedder owns the stored vectors (src/search/vector-index.ts builds their index when a
 * repository needs it). Vectors of different embedders are never compared: a change of embedder with vectors
 * already stored stops start-up until `reembed` runs.
 */
export async function ensureEmbedder(pool: Pool, embedder: Embedder): Promise<void> {
  const current = await pool.query<{ value: { id: string; dims: number } }>("SELECT value FROM settings WHERE key = 'embedder'");
  const stored = current.rows[0]?.value;
  if (stored && stored.id !== embedder.id) {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM issue_embeddings WHERE embedder <> $1', [embedder.id]);
    if ((rows[0]?.n ?? 0) > 0) {
      throw new EmbedderMismatchError(
        `The stored issue vectors were made by ${stored.id} but the configured embedder is ${embedder.id}. ` +
          'Run `npm run cli -- reembed` to rebuild them with the configured embedder, or restore the previous provider settings.',
      );
    }
  }
  await pool.query(
    `INSERT INTO settings (key, value) VALUES ('embedder', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ id: embedder.id, dims: embedder.dimensions })],
  );
}
