import { listen } from '../db/listen';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import { ISSUE_EVENTS_CHANNEL } from '../issues/publish';
import type { IssueDetail } from '../issues/view';

// Ids come from a sequence and a slow transaction may commit a lower id after a higher one was read,
// so each poll looks a little behind its cursor and skips ids it has already relayed.
const LOOKBEHIND = 100;
const RETENTION = '15 minutes';

export interface EventFeed {
  stop(): Promise<void>;
}

/**
 * Relays events published by any worker to `onIssue`. A short poll carries it everywhere (the embedded
 * database has no cross-connection LISTEN); on PostgreSQL a LISTEN wakes it at once.
 */
export async function startEventFeed(deps: { pool: Pool; log: Logger; onIssue: (issue: IssueDetail) => void; pollMs?: number }): Promise<EventFeed> {
  const { pool, log } = deps;
  const start = await pool.query<{ id: number | null }>('SELECT max(id)::bigint AS id FROM triage_events');
  let cursor = Number(start.rows[0]?.id ?? 0);
  const relayed = new Set<number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const poll = async () => {
    // Rows already relayed are excluded in the query: their payloads (whole issues) are not sent again.
    const from = Math.max(0, cursor - LOOKBEHIND);
    const { rows } = await pool.query<{ id: number; payload: { type: string; issue: IssueDetail } }>(
      'SELECT id, payload FROM triage_events WHERE id > $1 AND NOT (id = ANY($2::bigint[])) ORDER BY id LIMIT 500',
      [from, [...relayed].filter((id) => id > from)],
    );
    for (const row of rows) {
      if (relayed.has(row.id)) continue;
      relayed.add(row.id);
      cursor = Math.max(cursor, row.id);
      if (row.payload.type === 'issue.updated') deps.onIssue(row.payload.issue);
    }
    for (const id of relayed) if (id <= cursor - LOOKBEHIND) relayed.delete(id);
  };
  const tick = () => {
    if (stopped) return;
    running = poll()
      .catch((err: unknown) => log.warn({ err }, 'event feed poll failed; retrying'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, deps.pollMs ?? 100);
      });
  };
  const prune = setInterval(() => {
    pool.query(`DELETE FROM triage_events WHERE created_at < now() - interval '${RETENTION}'`).catch(() => undefined);
  }, 60_000);

  const listener = await listen(deps, ISSUE_EVENTS_CHANNEL, () => {
    if (timer) clearTimeout(timer);
    tick();
  });
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(prune);
      if (timer) clearTimeout(timer);
      await running;
      await listener?.end().catch(() => undefined);
    },
  };
}
