import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../log';
import { resolveTemporalCli } from '../temporal/cli-binary';
import { startDevServer } from '../temporal/dev-server';
import { readLiveFile, removeLiveFile, writeLiveFile } from '../support/live-file';
import { ensureSearchAttributes } from '../temporal/search-attributes';

export interface TemporalEndpoint {
  address: string;
  uiUrl: string | undefined;
  /** The dev server process this one started, while it runs. */
  devServerPid?: () => number | undefined;
  stop(): Promise<void>;
}

const runtimeFile = (dataDir: string) => path.join(dataDir, 'temporal-dev.json');

/**
 * TEMPORAL_ADDRESS when set (search attributes registered there). Otherwise the dev stack's server:
 * `dev` starts one (hostDevServer); a separate `server` or `worker` attaches to the one it left in DATA_DIR.
 */
export async function provideTemporal(config: Config, log: Logger, opts: { hostDevServer: boolean }): Promise<TemporalEndpoint> {
  const t = config.temporal;
  if (!t.address && !opts.hostDevServer) {
    const running = readLiveFile<{ address: string; uiUrl?: string }>(runtimeFile(config.dataDir));
    if (!running) throw new Error('TEMPORAL_ADDRESS is not set and no dev stack is running in this DATA_DIR: set TEMPORAL_ADDRESS to your Temporal server, or start `npm run dev` first.');
    log.info({ address: running.address }, 'using the Temporal dev server of the running dev stack');
    return { address: running.address, uiUrl: t.uiUrl ?? running.uiUrl, stop: async () => undefined };
  }
  if (t.address) {
    const connection = await Connection.connect({ address: t.address, connectTimeout: 10_000 }).catch((err: Error) => {
      throw new Error(`Cannot reach Temporal at TEMPORAL_ADDRESS=${t.address}: ${err.message}. Check the address, or unset it to run a local dev server.`);
    });
    try {
      await ensureSearchAttributes(connection, t.namespace);
    } finally {
      await connection.close();
    }
    return { address: t.address, uiUrl: t.uiUrl, stop: async () => undefined };
  }
  const cliPath = await resolveTemporalCli({ cliPath: t.cliPath, log: (msg) => log.info(msg) });
  const server = await startDevServer({
    cliPath,
    port: t.port,
    uiPort: t.uiPort,
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    logFile: path.join(config.dataDir, 'temporal.log'),
    namespace: t.namespace,
    // The dev stack outlives a crashed or killed CLI: same ports and database file, so workers and
    // the live file stay valid and history survives.
    supervise: true,
    log: log.child({ component: 'temporal-dev-server' }),
  });
  log.info({ address: server.address, ui: server.uiUrl }, 'Temporal dev server started');
  // The CLI's own pid is kept current across restarts, for operators and benchmarks that interrupt it.
  const record = (cliPid: number | undefined) => writeLiveFile(runtimeFile(config.dataDir), { address: server.address, uiUrl: server.uiUrl, cliPid });
  record(server.pid());
  const unsubscribe = server.onServing(record);
  return {
    address: server.address,
    uiUrl: t.uiUrl ?? server.uiUrl,
    devServerPid: () => server.pid(),
    async stop() {
      unsubscribe();
      removeLiveFile(runtimeFile(config.dataDir));
      await server.stop();
    },
  };
}
