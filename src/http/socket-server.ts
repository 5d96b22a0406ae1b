import type http from 'node:http';
import { Server } from 'socket.io';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import { ISSUE_UPDATED_EVENT, type IssueDetail } from '../issues/view';
import type { ReadScope } from '../issues/visibility';
import { startEventFeed, type EventFeed } from '../realtime/event-feed';
import { socketReadAccess, type ReadAccess } from './read-auth';
import { securityReportsAmong } from '../issues/reads';
import { publicDetail } from './private-reports';

// Sockets that showed the dashboard token get every update; the others (under DASHBOARD_PUBLIC_READ)
// get the public view: issues of public repositories only, no security reports, and none among an
// issue's similar issues.
const HOLDERS = 'token-holders';
const PUBLIC = 'public-readers';

/** socket.io on the HTTP server's port; every issue update any worker publishes goes to every client. */
export async function attachRealtime(server: http.Server, deps: { pool: Pool; log: Logger; pollMs?: number; access: ReadAccess }): Promise<{ io: Server; close(): Promise<void> }> {
  const io = new Server(server, { serveClient: true, cors: { origin: false } });
  io.use(socketReadAccess(deps.access));
  io.on('connection', (socket) => void socket.join((socket.data as { readScope?: ReadScope }).readScope === 'all' ? HOLDERS : PUBLIC));
  // One public update at a time, so an issue's updates reach public readers in the order they were made.
  let publicQueue: Promise<void> = Promise.resolve();
  const onIssue = (issue: IssueDetail) => {
    io.to(HOLDERS).emit(ISSUE_UPDATED_EVENT, issue);
    // A private repository's events never reach a reader without the token.
    if (!deps.access.publicRead || issue.repoPrivate !== false) return;
    publicQueue = publicQueue.then(async () => {
      const visible = await publicDetail((repoId, numbers) => securityReportsAmong(deps.pool, repoId, numbers), issue);
      if (visible) io.to(PUBLIC).emit(ISSUE_UPDATED_EVENT, visible);
    }).catch((err: unknown) => deps.log.warn({ err }, 'public issue update not relayed'));
  };
  const feed: EventFeed = await startEventFeed({ pool: deps.pool, log: deps.log, pollMs: deps.pollMs, onIssue });
  return {
    io,
    async close() {
      await feed.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
