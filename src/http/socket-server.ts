import type http from 'node:http';
import { Server } from 'socket.io';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import { ISSUE_UPDATED_EVENT, type IssueDetail } from '../issues/view';
import type { ReadScope } from '../issues/visibility';
import { startEventFeed, type EventFeed } from '../realtime/event-feed';
import { socketReadAccess, type ReadAccess } from './read-auth';

const ALL_ROOM = 'read:all';
const PUBLIC_ROOM = 'read:public';

/** socket.io on the HTTP server's port; every issue update any worker publishes goes to every client. */
export async function attachRealtime(server: http.Server, deps: { pool: Pool; log: Logger; pollMs?: number; access: ReadAccess }): Promise<{ io: Server; close(): Promise<void> }> {
  const io = new Server(server, { serveClient: true, cors: { origin: false } });
  io.use(socketReadAccess(deps.access));
  // A reader without the token (public read) joins the public room only: private repositories' events never reach it.
  io.on('connection', (socket) => void socket.join((socket.data as { readScope?: ReadScope }).readScope === 'all' ? ALL_ROOM : PUBLIC_ROOM));
  const onIssue = (issue: IssueDetail) => void (issue.repoPrivate === false ? io.to([ALL_ROOM, PUBLIC_ROOM]) : io.to(ALL_ROOM)).emit(ISSUE_UPDATED_EVENT, issue);
  const feed: EventFeed = await startEventFeed({ pool: deps.pool, log: deps.log, pollMs: deps.pollMs, onIssue });
  return {
    io,
    async close() {
      await feed.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
