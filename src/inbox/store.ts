import type { Pool } from '../db/pool';

// The SQL of the webhook inbox (migration 005). Rows are claimed with short leases rather than row
// locks held across the Temporal call: on the embedded database every connection shares one backend,
// and a transaction left open while Temporal answers would stall every other query, acks included.

export const INBOX_CHANNEL = 'webhook_inbox';

export interface InboxEntry {
  deliveryId: string;
  eventName: string;
  action: string | null;
  repoId: number;
  repoFullName: string;
  number: number;
  workflowId: string;
  githubUpdatedAt: string | null;
  /** The verified body exactly as GitHub sent it. */
  rawPayload: string;
}

export interface ClaimedDelivery {
  id: number;
  deliveryId: string;
  eventName: string;
  action: string | null;
  workflowId: string;
  repoId: number;
  repoFullName: string;
  number: number;
  githubUpdatedAt: string | null;
  receivedAt: string;
  attempts: number;
}

export interface InboxBacklog {
  pending: number;
  oldestAgeSeconds: number;
}

interface ClaimRow {
  id: number;
  delivery_id: string;
  event: string;
  action: string | null;
  workflow_id: string;
  repo_id: number;
  repo_full_name: string;
  issue_number: number;
  github_updated_at: Date | null;
  received_at: Date;
  attempts: number;
}

// A claim takes the oldest pending row of each issue (its head) that no live lease covers, and every
// pending row behind it, so one forwarder sends an issue's deliveries in arrival order while other
// forwarders skip that issue: a later row never becomes a head while an earlier one is pending.
const CLAIM_SQL = `
  WITH heads AS (
    SELECT i.id, i.workflow_id FROM webhook_inbox i
    WHERE i.forwarded_at IS NULL AND i.next_attempt_at <= now() AND (i.lease_until IS NULL OR i.lease_until < now())
      AND NOT EXISTS (SELECT 1 FROM webhook_inbox o WHERE o.workflow_id = i.workflow_id AND o.forwarded_at IS NULL AND o.id < i.id)
    ORDER BY i.id LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE webhook_inbox w SET lease_owner = $1, lease_until = now() + $3 * interval '1 millisecond'
  FROM heads h
  WHERE w.workflow_id = h.workflow_id AND w.forwarded_at IS NULL AND w.id >= h.id
    AND (w.id = h.id OR w.lease_until IS NULL OR w.lease_until < now())
  RETURNING w.id, w.delivery_id, w.event, w.action, w.workflow_id, w.repo_id, w.repo_full_name, w.issue_number,
            w.github_updated_at, w.received_at, w.attempts`;

const toClaimed = (r: ClaimRow): ClaimedDelivery => ({
  id: r.id,
  deliveryId: r.delivery_id,
  eventName: r.event,
  action: r.action,
  workflowId: r.workflow_id,
  repoId: r.repo_id,
  repoFullName: r.repo_full_name,
  number: r.issue_number,
  githubUpdatedAt: r.github_updated_at?.toISOString() ?? null,
  receivedAt: r.received_at.toISOString(),
  attempts: r.attempts,
});

export function createInboxStore(pool: Pool) {
  return {
    /** Records a delivery; `inserted` is false when its delivery id is already there (a redelivery). */
    async insert(e: InboxEntry): Promise<{ inserted: boolean }> {
      const { rows } = await pool.query(
        `WITH ins AS (
           INSERT INTO webhook_inbox (delivery_id, event, action, repo_id, repo_full_name, issue_number, workflow_id, github_updated_at, payload)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT (delivery_id) DO NOTHING RETURNING id)
         SELECT id, pg_notify('${INBOX_CHANNEL}', id::text) FROM ins`,
        [e.deliveryId, e.eventName, e.action, e.repoId, e.repoFullName, e.number, e.workflowId, e.githubUpdatedAt, e.rawPayload],
      );
      return { inserted: rows.length > 0 };
    },

    /** Claims due deliveries for `owner`, ordered by arrival; see CLAIM_SQL. */
    async claim(owner: string, opts: { heads: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
      // Planned on every call, not kept as a named statement's generic plan: the best plan depends on
      // how many deliveries are pending, which goes from none to thousands within a burst (pool.ts).
      const { rows } = await pool.query<ClaimRow>({ text: CLAIM_SQL, values: [owner, opts.heads, opts.leaseMs] });
      return rows.map(toClaimed).sort((a, b) => a.id - b.id);
    },

    async markForwarded(ids: number[]): Promise<void> {
      if (!ids.length) return;
      await pool.query(
        'UPDATE webhook_inbox SET forwarded_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ANY($1::bigint[])',
        [ids],
      );
    },

    /** The failed row waits `retryInMs`; the rows behind it are released and wait behind it. */
    async markFailed(failed: { id: number; error: string; retryInMs: number }, released: number[]): Promise<void> {
      await pool.query(
        `UPDATE webhook_inbox SET lease_owner = NULL, lease_until = NULL,
           attempts = attempts + CASE WHEN id = $1 THEN 1 ELSE 0 END,
           next_attempt_at = CASE WHEN id = $1 THEN now() + $2 * interval '1 millisecond' ELSE next_attempt_at END,
           last_error = CASE WHEN id = $1 THEN $3 ELSE last_error END
         WHERE id = $1 OR id = ANY($4::bigint[])`,
        [failed.id, failed.retryInMs, failed.error.slice(0, 1000), released],
      );
    },

    async release(ids: number[]): Promise<void> {
      if (!ids.length) return;
      await pool.query('UPDATE webhook_inbox SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::bigint[])', [ids]);
    },

    async backlog(): Promise<InboxBacklog> {
      const { rows } = await pool.query<{ pending: number; age: number | null }>(
        'SELECT count(*)::int AS pending, EXTRACT(EPOCH FROM now() - min(received_at))::float8 AS age FROM webhook_inbox WHERE forwarded_at IS NULL',
      );
      return { pending: rows[0]?.pending ?? 0, oldestAgeSeconds: Math.max(0, Math.round((rows[0]?.age ?? 0) * 10) / 10) };
    },

    /** Deletes forwarded rows received before the retention period; a delivery id stays unique that long. */
    async prune(retentionMs: number): Promise<number> {
      const { rowCount } = await pool.query(
        "DELETE FROM webhook_inbox WHERE forwarded_at IS NOT NULL AND received_at < now() - $1 * interval '1 millisecond'",
        [retentionMs],
      );
      return rowCount ?? 0;
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
