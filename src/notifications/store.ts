import type { Pool } from '../db/pool';

// The SQL of notifications: one row per event id, so an event is sent once whoever asks again.

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationRecord {
  eventId: string;
  kind: string;
  repo: string | null;
  number: number | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface NotificationStore {
  /** Records the event if it is new; returns its row either way. */
  claim(event: { eventId: string; kind: string; repo: string | null; number: number | null }): Promise<NotificationRecord>;
  attempted(eventId: string, error: string, responseStatus: number | null): Promise<void>;
  sent(eventId: string, responseStatus: number): Promise<void>;
  finish(eventId: string, status: 'failed' | 'skipped', reason: string): Promise<void>;
  get(eventId: string): Promise<NotificationRecord | undefined>;
  /** Newest first; failed ones only when asked. */
  recent(opts: { status?: NotificationStatus; limit: number }): Promise<NotificationRecord[]>;
  counts(): Promise<Record<NotificationStatus, number>>;
}

type Row = { event_id: string; kind: string; repo_full_name: string | null; number: number | null; status: NotificationStatus; attempts: number; last_error: string | null; response_status: number | null; created_at: Date; updated_at: Date; sent_at: Date | null };
const toRecord = (r: Row): NotificationRecord => ({
  eventId: r.event_id, kind: r.kind, repo: r.repo_full_name, number: r.number, status: r.status, attempts: r.attempts, lastError: r.last_error,
  responseStatus: r.response_status, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), sentAt: r.sent_at?.toISOString() ?? null,
});

export function createNotificationStore(pool: Pool): NotificationStore {
  return {
    async claim(e) {
      const { rows } = await pool.query<Row>(
        `WITH ins AS (INSERT INTO notifications (event_id, kind, repo_full_name, number, status) VALUES ($1, $2, $3, $4, 'pending')
                      ON CONFLICT (event_id) DO NOTHING RETURNING *)
         SELECT * FROM ins UNION ALL SELECT * FROM notifications WHERE event_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
        [e.eventId, e.kind, e.repo, e.number],
      );
      return toRecord(rows[0]!);
    },
    async attempted(eventId, error, responseStatus) {
      await pool.query("UPDATE notifications SET attempts = attempts + 1, last_error = $2, response_status = $3, updated_at = now() WHERE event_id = $1 AND status = 'pending'", [eventId, error, responseStatus]);
    },
    async sent(eventId, responseStatus) {
      await pool.query("UPDATE notifications SET status = 'sent', attempts = attempts + 1, response_status = $2, last_error = NULL, sent_at = now(), updated_at = now() WHERE event_id = $1", [eventId, responseStatus]);
    },
    async finish(eventId, status, reason) {
      await pool.query("UPDATE notifications SET status = $2, last_error = $3, updated_at = now() WHERE event_id = $1 AND status <> 'sent'", [eventId, status, reason]);
    },
    async get(eventId) {
      const { rows } = await pool.query<Row>('SELECT * FROM notifications WHERE event_id = $1', [eventId]);
      return rows[0] && toRecord(rows[0]);
    },
    async recent({ status, limit }) {
      const { rows } = await pool.query<Row>('SELECT * FROM notifications WHERE ($1::text IS NULL OR status = $1) ORDER BY updated_at DESC LIMIT $2', [status ?? null, limit]);
      return rows.map(toRecord);
    },
    async counts() {
      const { rows } = await pool.query<{ status: NotificationStatus; n: number }>('SELECT status, count(*)::int AS n FROM notifications GROUP BY status');
      const counts = { pending: 0, sent: 0, failed: 0, skipped: 0 };
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },
  };
}
