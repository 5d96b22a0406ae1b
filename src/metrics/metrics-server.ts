import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Registry } from 'prom-client';
import { metricsRoute } from './metrics-route';

/** The /metrics listener on METRICS_PORT (bound to METRICS_HOST), apart from the public port. */
export async function startMetricsServer(opts: { registry: Registry; port: number; host: string; token: string | undefined; alsoCollect?: () => Promise<string> }): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsRoute(opts.registry, opts.token, opts.alsoCollect));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`METRICS_PORT ${opts.port} is in use: set METRICS_PORT to a free port (0 picks one).`) : err));
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(opts.host) ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shown}:${port}/metrics`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
