import type { Pool } from '../src/db/pool';
import { getIssueDetail } from '../src/issues/reads';
import type { TemporalLink } from '../src/issues/row-mapping';
import { publishIssueUpdate } from '../src/realtime/event-feed';

/**
 * Publishes the issue, in the detail API's shape, to every server process; each relays it to its
 * socket.io clients. Going through the database lets workers and servers run as separate processes.
 */
export function createNotify(deps: { pool: Pool; temporalLink: TemporalLink }) {
  return async function notify(input: { repoId: number; number: number }): Promise<{ published: boolean }> {
    const detail = await getIssueDetail(deps.pool, { repoId: input.repoId, number: input.number }, deps.temporalLink);
    if (!detail) return { published: false };
    await publishIssueUpdate(deps.pool, detail);
    return { published: true };
  };
}
