import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TRIAGE_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { silentLogger } from '../log';
import { superviseProcess, type ProcessLog, type RestartBackoff } from './supervised-process';

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /** The current CLI process; undefined while a supervised server is down between restarts, and after stop. */
  pid(): number | undefined;
  /** Called each time the server (first start or a restart) answers; returns the unsubscribe function. */
  onServing(listener: (pid: number) => void): () => void;
  /** Resolves when the current process answers (at once if it does); rejects after stop. */
  whenServing(): Promise<void>;
  /** Ends supervision, then stops the process. */
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  port: number; // 0 picks a free port
  uiPort?: number; // undefined runs headless
  dbFile?: string; // undefined keeps history in memory
  logFile?: string;
  namespace?: string;
  supervise?: boolean; // restart the CLI with the same ports and database when it dies
  log?: ProcessLog;
  restartBackoff?: Partial<RestartBackoff>;
  /** Picks a port for a 0 above; freePort unless a test needs to hand out a taken one. */
  pickPort?: () => Promise<number>;
}

const SA_TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', DOUBLE: 'Double', BOOL: 'Bool', INT: 'Int', TEXT: 'Text', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `temporal server start-dev` with the project's search attributes and waits until it answers.
 * Restarts reuse the same arguments, so the ports (even ones picked for port 0) and the database stay.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  // A port picked here is free when picked, not necessarily when the CLI binds it: another process (a
  // test suite running beside this one starts its own servers) can take it in between. So a server whose
  // gRPC port was picked here and that exits before it serves is tried again on fresh ports.
  const picked = !opts.port;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (!picked || !(err instanceof ExitedBeforeServing) || attempt === PICKED_PORT_ATTEMPTS) throw err;
      (opts.log ?? silentLogger).warn({ err: err.message, attempt }, 'the Temporal dev server exited before serving on the ports picked for it; trying fresh ones');
    }
  }
}

const PICKED_PORT_ATTEMPTS = 3;

/** The child exited (or could not be spawned) before it answered. */
class ExitedBeforeServing extends Error {}

async function startOnce(opts: DevServerOptions): Promise<DevServer> {
  const pickPort = opts.pickPort ?? freePort;
  const port = opts.port || (await pickPort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', opts.namespace ?? 'default', '--log-level', 'warn'];
  const uiPort = opts.uiPort === undefined ? undefined : opts.uiPort || (await pickPort());
  if (uiPort !== undefined) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    // WAL: a SIGKILLed server loses no committed history, and synchronous=normal is safe with WAL
    // against process crashes (only an OS crash can drop the last commits), at far fewer fsyncs.
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  for (const key of TRIAGE_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${SA_TYPE_NAMES[key.type]}`);

  const address = `127.0.0.1:${port}`;
  const spawnChild = () => {
    const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
    try {
      // Supervised, it gets its own process group: Ctrl-C then reaches only the stack, which stops it
      // last (after the worker drained) instead of seeing it exit at once and restarting it.
      return spawn(opts.cliPath, args, { stdio: ['ignore', out, out], detached: opts.supervise ?? false });
    } finally {
      if (typeof out === 'number') fs.closeSync(out); // the child holds its own copy
    }
  };
  try {
    const server = await superviseProcess({
      name: `Temporal dev server ${address}`,
      spawnChild,
      waitReady: (child) => waitUntilServing(child, address),
      restart: opts.supervise ?? false,
      log: opts.log ?? silentLogger,
      backoff: opts.restartBackoff,
    });
    return { address, uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined, ...server };
  } catch (err) {
    const hint = opts.logFile ? ` See ${opts.logFile}.` : '';
    const Failure = err instanceof ExitedBeforeServing ? ExitedBeforeServing : Error;
    throw new Failure(`The Temporal dev server did not start on ${address}: ${(err as Error).message}.${hint} If the port is taken, set TEMPORAL_PORT/TEMPORAL_UI_PORT or point TEMPORAL_ADDRESS at a running server.`);
  }
}

/** Resolves once the peer at `address` sends its HTTP/2 settings; the session is destroyed either way. */
function answersHttp2(address: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${address}`);
    const timer = setTimeout(() => settle(new Error(`no HTTP/2 answer within ${timeoutMs} ms`)), timeoutMs);
    const settle = (err?: Error) => {
      clearTimeout(timer);
      session.destroy();
      if (err) reject(err);
      else resolve();
    };
    session.once('remoteSettings', () => settle());
    session.once('error', settle);
    session.once('close', () => settle(new Error('the connection closed before HTTP/2 settings')));
  });
}

async function waitUntilServing(child: ChildProcess, address: string, timeoutMs = 60_000): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `it exited (${signal ?? code})`));
  child.once('error', (err) => (exited = err.message));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new ExitedBeforeServing(exited);
    try {
      // grpc-js never closes a connection still in its handshake, so a gRPC probe of a port held by
      // something that is not HTTP/2 would stay open for good: it is only made once the port speaks HTTP/2.
      await answersHttp2(address, 1_000);
      // A private subchannel pool: grpc-js otherwise shares connections process-wide, and one left on a
      // dead socket would make every probe of a restarted server hang. The connection is made lazily so
      // that a failed probe is closed too: `Connection.connect` leaves the channel of a failed connect open.
      const connection = Connection.lazy({ address, connectTimeout: 1_000, channelArgs: { 'grpc.use_local_subchannel_pool': 1 } });
      try {
        await connection.ensureConnected();
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
