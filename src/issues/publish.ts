import type { Pool } from '../db/pool';
import type { IssueDetail } from './view';

// An issue update goes through the database, not a socket: whichever process stored it, every server
// process relays it to its dashboards (src/realtime/event-feed.ts listens on this channel).

export const ISSUE_EVENTS_CHANNEL = 'triage_events';

export async function publishIssueUpdate(pool: Pool, issue: IssueDetail): Promise<void> {
  await pool.query(
    `WITH e AS (INSERT INTO triage_events (payload) VALUES ($1) RETURNING id) SELECT pg_notify('${ISSUE_EVENTS_CHANNEL}', id::text) FROM e`,
    [JSON.stringify({ type: 'issue.updated', issue })],
  );
}
