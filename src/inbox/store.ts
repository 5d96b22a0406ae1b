import type { Pool } from '../db/pool';

// The SQL of the webhook inbox (migrations 005 and 018). Rows are claimed with short leases rather than
// row locks held across the Temporal call: on the embedded database every connection shares one
// backend, and a transaction left open while Temporal answers would stall every other query, acks
// included. A row is pending until it is forwarded or parked (the dead letter).

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
  /** SHA-256 of the raw body, for a webhook: the same body under another delivery id is a replay. */
  bodySha256?: Buffer;
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
  /** The time the repository's pace reserved for it (ms since the epoch), once it has one. */
  pacedAt: number | null;
  /** How often an operator put it back after it was parked. */
  retries: number;
}

/** A claimed row that cannot become a signal (a value PostgreSQL stored but JavaScript cannot read). */
export interface UnreadableDelivery {
  id: number;
  deliveryId: string;
  workflowId: string;
  error: string;
}

export interface InboxBacklog {
  pending: number;
  oldestAgeSeconds: number;
  parked: number;
}

export interface RepoInboxStats {
  repoId: number;
  repo: string;
  /** Accepted and not yet forwarded to the issue's workflow. */
  pending: number;
  /** Of those, waiting for the repository's pace. */
  throttled: number;
  /** Refused with 429 past INBOX_REPO_QUOTA, ever (the sweep recovers them). */
  refused: number;
  parked: number;
}

export interface ParkedDelivery {
  id: number;
  deliveryId: string;
  repo: string;
  number: number;
  event: string;
  action: string | null;
  receivedAt: string;
  parkedAt: string;
  attempts: number;
  error: string | null;
  /** Refused at the door as invalid: listed, not retried. */
  invalid: boolean;
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
  github_updated_at: unknown;
  received_at: unknown;
  attempts: number;
  paced_at: unknown;
  retries: number;
}

const PENDING = 'forwarded_at IS NULL AND parked_at IS NULL';

// A claim takes the oldest due pending row of each issue (its head) that no live lease covers, and every
// pending row behind it, so one forwarder sends an issue's deliveries in arrival order while other
// forwarders skip that issue: a later row never becomes a head while an earlier one is pending. Parked
// rows are not pending: they hold back nothing.
const CLAIM_SQL = `
  WITH heads AS (
    SELECT i.id, i.workflow_id FROM webhook_inbox i
    WHERE i.forwarded_at IS NULL AND i.parked_at IS NULL AND i.next_attempt_at <= now() AND (i.lease_until IS NULL OR i.lease_until < now())
      AND NOT EXISTS (SELECT 1 FROM webhook_inbox o WHERE o.workflow_id = i.workflow_id AND o.forwarded_at IS NULL AND o.parked_at IS NULL AND o.id < i.id)
    ORDER BY i.id LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE webhook_inbox w SET lease_owner = $1, lease_until = now() + $3 * interval '1 millisecond'
  FROM heads h
  WHERE w.workflow_id = h.workflow_id AND w.forwarded_at IS NULL AND w.parked_at IS NULL AND w.id >= h.id
    AND (w.id = h.id OR w.lease_until IS NULL OR w.lease_until < now())
  RETURNING w.id, w.delivery_id, w.event, w.action, w.workflow_id, w.repo_id, w.repo_full_name, w.issue_number,
            w.github_updated_at, w.received_at, w.attempts, w.paced_at, w.retries`;

/** An ISO time, or a reason it is none: 'infinity' is a valid timestamptz that no JavaScript Date holds. */
function isoTime(value: unknown, column: string): string {
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
  throw new Error(`${column} holds ${String(value)}, which is not a point in time`);
}

function toClaimed(r: ClaimRow): ClaimedDelivery {
  return {
    id: r.id,
    deliveryId: r.delivery_id,
    eventName: r.event,
    action: r.action,
    workflowId: r.workflow_id,
    repoId: r.repo_id,
    repoFullName: r.repo_full_name,
    number: r.issue_number,
    githubUpdatedAt: r.github_updated_at === null ? null : isoTime(r.github_updated_at, 'github_updated_at'),
    receivedAt: isoTime(r.received_at, 'received_at'),
    attempts: r.attempts,
    pacedAt: r.paced_at === null ? null : Date.parse(isoTime(r.paced_at, 'paced_at')),
    retries: r.retries,
  };
}

export function createInboxStore(pool: Pool) {
  const park = async (rows: { id: number; error: string }[]): Promise<void> => {
    if (!rows.length) return;
    await pool.query(
      `UPDATE webhook_inbox w SET parked_at = now(), lease_owner = NULL, lease_until = NULL, last_error = r.error
       FROM unnest($1::bigint[], $2::text[]) AS r(id, error) WHERE w.id = r.id`,
      [rows.map((r) => r.id), rows.map((r) => r.error.slice(0, 1000))],
    );
  };
  return {
    /**
     * Records a delivery; `inserted` is false when its delivery id (a redelivery) or, for a webhook, its
     * exact body (a replay under a new id) is already there.
     */
    async insert(e: InboxEntry): Promise<{ inserted: boolean }> {
      const { rows } = await pool.query(
        `WITH ins AS (
           INSERT INTO webhook_inbox (delivery_id, event, action, repo_id, repo_full_name, issue_number, workflow_id, github_updated_at, payload, body_sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id)
         SELECT id, pg_notify('${INBOX_CHANNEL}', id::text) FROM ins`,
        [e.deliveryId, e.eventName, e.action, e.repoId, e.repoFullName, e.number, e.workflowId, e.githubUpdatedAt, e.rawPayload, e.bodySha256 ?? null],
      );
      return { inserted: rows.length > 0 };
    },

    /**
     * Keeps a signed delivery the door refused as invalid, parked with the reason: listed with the dead
     * letter, never forwarded. What could not be read of it is stored as 0 / ''.
     */
    async insertInvalid(e: { deliveryId: string; eventName: string; action: string | null; repoId: number; repoFullName: string; number: number; rawPayload: string; bodySha256: Buffer; reason: string }): Promise<void> {
      await pool.query(
        `INSERT INTO webhook_inbox (delivery_id, event, action, repo_id, repo_full_name, issue_number, workflow_id, payload, body_sha256, parked_at, invalid, last_error)
         VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, now(), true, $9) ON CONFLICT DO NOTHING`,
        [e.deliveryId, e.eventName, e.action, e.repoId, e.repoFullName, e.number, e.rawPayload, e.bodySha256, e.reason.slice(0, 1000)],
      );
    },

    /**
     * Claims due deliveries for `owner`, ordered by arrival; see CLAIM_SQL. A claimed row that cannot be
     * read is parked with the reason (and handed to `onUnreadable`) rather than failing the claim.
     */
    async claim(owner: string, opts: { heads: number; leaseMs: number; onUnreadable?: (d: UnreadableDelivery) => void }): Promise<ClaimedDelivery[]> {
      // Planned on every call, not kept as a named statement's generic plan: the best plan depends on
      // how many deliveries are pending, which goes from none to thousands within a burst (pool.ts).
      const { rows } = await pool.query<ClaimRow>({ text: CLAIM_SQL, values: [owner, opts.heads, opts.leaseMs] });
      const claimed: ClaimedDelivery[] = [];
      const unreadable: UnreadableDelivery[] = [];
      for (const r of rows) {
        try {
          claimed.push(toClaimed(r));
        } catch (err) {
          unreadable.push({ id: r.id, deliveryId: r.delivery_id, workflowId: r.workflow_id, error: `The stored delivery cannot be forwarded: ${(err as Error).message}.` });
        }
      }
      if (unreadable.length) {
        await park(unreadable);
        unreadable.forEach((d) => opts.onUnreadable?.(d));
      }
      return claimed.sort((a, b) => a.id - b.id);
    },

    /**
     * Reserves `count` forwarding times for each repository at its pace: advances its `tat` and returns it
     * with the database's clock, from which slotTimes (pace.ts) derives each time.
     */
    async reservePace(wanted: { repoId: number; count: number }[], intervalMs: number): Promise<Map<number, { tat: number; now: number }>> {
      if (!wanted.length) return new Map();
      const { rows } = await pool.query<{ repo_id: number; tat: Date; now: Date }>(
        `INSERT INTO repo_pace AS p (repo_id, tat)
         SELECT w.repo_id, now() + w.n * $3 * interval '1 millisecond' FROM unnest($1::bigint[], $2::int[]) AS w(repo_id, n)
         ON CONFLICT (repo_id) DO UPDATE SET tat = greatest(p.tat, now()) + (EXCLUDED.tat - now())
         RETURNING p.repo_id, p.tat, now() AS now`,
        [wanted.map((w) => w.repoId), wanted.map((w) => w.count), intervalMs],
      );
      return new Map(rows.map((r) => [r.repo_id, { tat: r.tat.getTime(), now: r.now.getTime() }]));
    },

    /** Rows whose reserved time is still to come: released until then, keeping the time. */
    async deferToPace(rows: { id: number; at: number }[]): Promise<void> {
      if (!rows.length) return;
      await pool.query(
        `UPDATE webhook_inbox w SET paced_at = to_timestamp(r.ms / 1000.0), next_attempt_at = to_timestamp(r.ms / 1000.0), lease_owner = NULL, lease_until = NULL
         FROM unnest($1::bigint[], $2::float8[]) AS r(id, ms) WHERE w.id = r.id`,
        [rows.map((r) => r.id), rows.map((r) => r.at)],
      );
    },

    async markForwarded(ids: number[]): Promise<void> {
      if (!ids.length) return;
      await pool.query(
        'UPDATE webhook_inbox SET forwarded_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ANY($1::bigint[])',
        [ids],
      );
    },

    /**
     * The failed row waits `retryInMs`; the rows behind it are released and wait behind it. A failure that
     * `counts` (Temporal was up and still refused this delivery) is an attempt; at `maxAttempts` the row is
     * parked, and the rows behind it go on without it. Resolves whether it was parked.
     */
    async markFailed(failed: { id: number; error: string; retryInMs: number; counts: boolean; maxAttempts: number }, released: number[]): Promise<{ parked: boolean }> {
      const { rows } = await pool.query<{ parked: boolean }>(
        `UPDATE webhook_inbox SET lease_owner = NULL, lease_until = NULL,
           attempts = attempts + CASE WHEN id = $1 AND $5 THEN 1 ELSE 0 END,
           parked_at = CASE WHEN id = $1 AND $5 AND attempts + 1 >= $6 THEN now() ELSE parked_at END,
           next_attempt_at = CASE WHEN id = $1 THEN now() + $2 * interval '1 millisecond' ELSE next_attempt_at END,
           last_error = CASE WHEN id = $1 THEN $3 ELSE last_error END
         WHERE id = $1 OR id = ANY($4::bigint[])
         RETURNING id = $1 AND parked_at IS NOT NULL AS parked`,
        [failed.id, failed.retryInMs, failed.error.slice(0, 1000), released, failed.counts, failed.maxAttempts],
      );
      return { parked: rows.some((r) => r.parked) };
    },

    /** Parks rows at once, with the reason: retrying could not change what is wrong with them. */
    park,

    /** The workflow could not handle these forwarded deliveries: parked with the reason, for a person to retry. */
    async parkHandled(deliveryIds: string[], error: string): Promise<void> {
      if (!deliveryIds.length) return;
      await pool.query(
        'UPDATE webhook_inbox SET parked_at = now(), last_error = $2 WHERE delivery_id = ANY($1::text[]) AND processed_at IS NULL AND parked_at IS NULL',
        [deliveryIds, error.slice(0, 1000)],
      );
    },

    async release(ids: number[]): Promise<void> {
      if (!ids.length) return;
      await pool.query('UPDATE webhook_inbox SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::bigint[])', [ids]);
    },

    /**
     * Puts parked rows back (all of them without ids): pending again, forwarded and processed anew. Resolves
     * the delivery ids put back.
     */
    async retryParked(ids: number[] | 'all'): Promise<string[]> {
      const { rows } = await pool.query<{ delivery_id: string }>(
        `UPDATE webhook_inbox SET parked_at = NULL, forwarded_at = NULL, processed_at = NULL, attempts = 0, next_attempt_at = now(),
           lease_owner = NULL, lease_until = NULL, retries = retries + 1
         WHERE parked_at IS NOT NULL AND NOT invalid AND ($1::boolean OR id = ANY($2::bigint[]))
         RETURNING delivery_id`,
        [ids === 'all', ids === 'all' ? [] : ids],
      );
      if (rows.length) await pool.query(`SELECT pg_notify('${INBOX_CHANNEL}', 'retry')`);
      return rows.map((r) => r.delivery_id);
    },

    /** Pending deliveries of a repository, counted up to `cap` (the door's quota needs no more). */
    async pendingForRepo(repoId: number, cap: number): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM webhook_inbox WHERE repo_id = $1 AND ${PENDING} LIMIT $2) p`,
        [repoId, cap],
      );
      return rows[0]?.n ?? 0;
    },

    async recordRefusal(repoId: number, repoFullName: string): Promise<void> {
      await pool.query(
        `INSERT INTO inbox_refusals (repo_id, repo_full_name, refused) VALUES ($1, $2, 1)
         ON CONFLICT (repo_id) DO UPDATE SET refused = inbox_refusals.refused + 1, repo_full_name = EXCLUDED.repo_full_name, last_refused_at = now()`,
        [repoId, repoFullName],
      );
    },

    async backlog(): Promise<InboxBacklog> {
      const { rows } = await pool.query<{ pending: number; age: number | null; parked: number }>(
        `SELECT (SELECT count(*)::int FROM webhook_inbox WHERE ${PENDING}) AS pending,
                (SELECT EXTRACT(EPOCH FROM now() - min(received_at))::float8 FROM webhook_inbox WHERE ${PENDING}) AS age,
                (SELECT count(*)::int FROM webhook_inbox WHERE parked_at IS NOT NULL) AS parked`,
      );
      const r = rows[0];
      return { pending: r?.pending ?? 0, oldestAgeSeconds: Math.max(0, Math.round((r?.age ?? 0) * 10) / 10), parked: r?.parked ?? 0 };
    },

    /** Per repository with anything pending, parked or refused: what the stats and the dashboard show. */
    async repoStats(): Promise<RepoInboxStats[]> {
      const { rows } = await pool.query<{ repo_id: number; repo: string; pending: number; throttled: number; parked: number; refused: number }>(
        `WITH counts AS (
           SELECT repo_id, max(repo_full_name) AS repo,
                  count(*) FILTER (WHERE ${PENDING})::int AS pending,
                  count(*) FILTER (WHERE ${PENDING} AND paced_at > now())::int AS throttled,
                  count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked
             FROM webhook_inbox WHERE ${PENDING} OR parked_at IS NOT NULL GROUP BY repo_id)
         SELECT coalesce(c.repo_id, r.repo_id) AS repo_id, coalesce(c.repo, r.repo_full_name) AS repo,
                coalesce(c.pending, 0) AS pending, coalesce(c.throttled, 0) AS throttled, coalesce(c.parked, 0) AS parked,
                coalesce(r.refused, 0)::int AS refused
           FROM counts c FULL JOIN inbox_refusals r ON r.repo_id = c.repo_id
          ORDER BY pending DESC, repo`,
      );
      return rows.map((r) => ({ repoId: r.repo_id, repo: r.repo, pending: r.pending, throttled: r.throttled, refused: r.refused, parked: r.parked }));
    },

    async parked(limit: number): Promise<ParkedDelivery[]> {
      const { rows } = await pool.query<{ id: number; delivery_id: string; repo_full_name: string; issue_number: number; event: string; action: string | null; received_at: Date; parked_at: Date; attempts: number; last_error: string | null; invalid: boolean }>(
        `SELECT id, delivery_id, repo_full_name, issue_number, event, action, received_at, parked_at, attempts, last_error, invalid
           FROM webhook_inbox WHERE parked_at IS NOT NULL ORDER BY parked_at DESC, id DESC LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        id: r.id, deliveryId: r.delivery_id, repo: r.repo_full_name, number: r.issue_number, event: r.event, action: r.action,
        receivedAt: r.received_at.toISOString(), parkedAt: r.parked_at.toISOString(), attempts: r.attempts, error: r.last_error, invalid: r.invalid,
      }));
    },

    /**
     * Deletes forwarded rows received before the retention period, and invalid ones (nothing can retry
     * those); a delivery id and a body stay unique that long. Other parked rows stay until put back.
     */
    async prune(retentionMs: number): Promise<number> {
      const { rowCount } = await pool.query(
        "DELETE FROM webhook_inbox WHERE (forwarded_at IS NOT NULL OR invalid) AND received_at < now() - $1 * interval '1 millisecond'",
        [retentionMs],
      );
      return rowCount ?? 0;
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
