import type { Pool } from '../db/pool';
import type { LedgerEntry, LedgerWrite } from './ledger';

// The SQL of the ledger (migration 027). Entries are only ever appended.

export interface LedgerStore {
  /** Appends in order; a person's edit already recorded from the same delivery is skipped. */
  append(repoId: number, number: number, entries: LedgerWrite[]): Promise<void>;
  /** The entries, oldest first. */
  list(repoId: number, number: number): Promise<LedgerEntry[]>;
}

type Row = {
  id: string; kind: LedgerEntry['kind']; value: string; action: LedgerEntry['action']; by_triageflow: boolean; actor: string | null; feature: string | null;
  cause: string; cause_ref: string | null; triage: LedgerEntry['triage']; dry_run: boolean; at: Date;
};

// One issue's ledger stays short (a handful of entries per triage); the cap only guards the API.
const MAX_ENTRIES = 500;

export function createLedgerStore(pool: Pool): LedgerStore {
  return {
    async append(repoId, number, entries) {
      if (entries.length === 0) return;
      const columns = entries.map((e) => e.byTriageflow
        ? [e.kind, e.value, e.action, true, null, e.feature, e.cause.kind, e.cause.ref ?? null, e.cause.triage ? JSON.stringify(e.cause.triage) : null, e.dryRun, null]
        : [e.kind, e.value, e.action, false, e.actor, null, e.cause?.kind ?? 'github', e.cause?.ref ?? e.deliveryId, e.cause?.triage ? JSON.stringify(e.cause.triage) : null, false, e.deliveryId]);
      // One statement for the batch keeps its order (ids follow the VALUES order) and its atomicity.
      const values = columns.map((_, i) => `($1, $2, ${Array.from({ length: 11 }, (_x, j) => `$${3 + i * 11 + j}`).join(', ')})`).join(', ');
      await pool.query(
        `INSERT INTO github_ledger (repo_id, number, kind, value, action, by_triageflow, actor, feature, cause, cause_ref, triage, dry_run, delivery_id)
         VALUES ${values} ON CONFLICT DO NOTHING`,
        [repoId, number, ...columns.flat()],
      );
    },
    async list(repoId, number) {
      const { rows } = await pool.query<Row>(
        `SELECT * FROM (SELECT id, kind, value, action, by_triageflow, actor, feature, cause, cause_ref, triage, dry_run, at
           FROM github_ledger WHERE repo_id = $1 AND number = $2 ORDER BY id DESC LIMIT $3) newest ORDER BY id`,
        [repoId, number, MAX_ENTRIES],
      );
      return rows.map((r) => ({
        id: Number(r.id), kind: r.kind, value: r.value, action: r.action, byTriageflow: r.by_triageflow, actor: r.actor, feature: r.feature,
        cause: r.cause, causeRef: r.cause_ref, triage: r.triage, dryRun: r.dry_run, at: r.at.toISOString(),
      }));
    },
  };
}
