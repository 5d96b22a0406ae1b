import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TRIAGE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  port: number; // 0 picks a free port
  uiPort?: number; // undefined runs headless
  dbFile?: string; // undefined keeps history in memory
  logFile?: string;
  namespace?: string;
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

/** Starts `temporal server start-dev` with the project's search attributes and waits until it answers. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const port = opts.port || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', opts.namespace ?? 'default', '--log-level', 'warn'];
  if (opts.uiPort !== undefined) args.push('--ui-port', String(opts.uiPort || (await freePort())));
  else args.push('--headless');
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const key of TRIAGE_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${SA_TYPE_NAMES[key.type]}`);

  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', out, out] });
  const address = `127.0.0.1:${port}`;
  const uiPort = args.includes('--ui-port') ? Number(args[args.indexOf('--ui-port') + 1]) : undefined;
  try {
    await waitUntilServing(child, address);
  } catch (err) {
    child.kill('SIGKILL');
    const hint = opts.logFile ? ` See ${opts.logFile}.` : '';
    throw new Error(`The Temporal dev server did not start on ${address}: ${(err as Error).message}.${hint} If the port is taken, set TEMPORAL_PORT/TEMPORAL_UI_PORT or point TEMPORAL_ADDRESS at a running server.`);
  }
  return {
    address,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(child: ChildProcess, address: string, timeoutMs = 60_000): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `it exited (${signal ?? code})`));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
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

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
