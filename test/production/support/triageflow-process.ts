import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exited, stopChild } from './child-process';
import { retryFor } from './retry';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface TriageflowProcess {
  role: 'server' | 'worker';
  name: string;
  pid: number;
  /** The server's base URL; undefined for a worker. */
  url: string | undefined;
  logFile: string;
  running(): boolean;
  /** pino lines at error (50) or fatal (60). */
  errorLines(): string[];
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `tsx src/cli.ts server|worker` as its own process, as it runs in production; resolves once a server
 * answers /healthz or a worker reports polling its task queue.
 */
export async function startTriageflow(role: 'server' | 'worker', name: string, env: NodeJS.ProcessEnv, logDir: string): Promise<TriageflowProcess> {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  // `node --import tsx` rather than the tsx binary, which runs the program in a child of its own: a
  // SIGKILL must reach the process that serves, and its pid is the one Temporal records as identity.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', role], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const url = role === 'server' ? `http://127.0.0.1:${env.PORT}` : undefined;
  const log = () => fs.readFileSync(logFile, 'utf8');
  const running = () => child.exitCode === null && child.signalCode === null;
  const ready = retryFor(180_000, `${name} (log: ${logFile})`, async () => {
    if (url) {
      const res = await fetch(`${url}/healthz`);
      if (!res.ok) throw new Error(`healthz ${res.status}`);
    } else if (!log().includes('Triageflow worker on task queue')) {
      throw new Error('not polling yet');
    }
  }, () => (running() ? undefined : `exited with ${child.exitCode ?? child.signalCode} while starting:\n${log().slice(-3000)}`));
  // A process that never became ready is not left behind.
  await ready.catch(async (err: unknown) => {
    await stopChild(child, 'SIGKILL', 0);
    throw err;
  });
  return {
    role, name, pid: child.pid!, url, logFile, running,
    errorLines: () => log().split('\n').filter((l) => /"level":(50|60)/.test(l)),
    kill: () => stopChild(child, 'SIGKILL', 0),
    async stop() {
      await stopChild(child, 'SIGTERM', 30_000);
      await exited(child);
    },
  };
}
