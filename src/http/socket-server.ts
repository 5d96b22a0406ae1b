import type http from 'node:http';
import { Server } from 'socket.io';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';
import { ISSUE_UPDATED_EVENT } from '../issues/view';
import { startEventFeed, type EventFeed } from '../realtime/event-feed';
import { socketReadAccess, type ReadAccess } from './read-auth';

/** socket.io on the HTTP server's port; every issue update any worker publishes goes to every client. */
export async function attachRealtime(server: http.Server, deps: { pool: Pool; log: Logger; pollMs?: number; access: ReadAccess }): Promise<{ io: Server; close(): Promise<void> }> {
  const io = new Server(server, { serveClient: true, cors: { origin: false } });
  io.use(socketReadAccess(deps.access));
  const feed: EventFeed = await startEventFeed({ pool: deps.pool, log: deps.log, pollMs: deps.pollMs, onIssue: (issue) => io.emit(ISSUE_UPDATED_EVENT, issue) });
  return {
    io,
    async close() {
      await feed.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
