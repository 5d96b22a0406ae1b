import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '../db/pool';
import { createApp, type AppDeps } from '../http/app';
import { attachRealtime } from '../http/socket-server';

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface ServerDeps extends AppDeps {
  port: number;
  host: string;
  pollMs?: number;
  /** The event feed's: it relays issue updates to socket.io. */
  pool: Pool;
}

/** The HTTP API, webhook endpoint, dashboard and socket.io on one port. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const app = createApp(deps);
  const server = http.createServer(app);
  // GitHub gives up on a delivery after 10 s; a request that slow has failed anyway.
  server.requestTimeout = 30_000;
  const access = { dashboardToken: deps.dashboardToken, publicRead: deps.dashboardPublicRead ?? false };
  const realtime = await attachRealtime(server, { pool: deps.pool, log: deps.log, pollMs: deps.pollMs, access });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${deps.port} is in use: stop the other process or set PORT to a free port.`) : err),
    );
    server.listen(deps.port, deps.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  deps.log.info({ port }, 'server listening');
  return {
    url: `http://localhost:${port}`,
    port,
    async stop() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
