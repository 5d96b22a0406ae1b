import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/temporal/dev-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DevProcess {
  serverUrl: string;
  pid: number;
  temporalAddress: string;
  temporalPid(): number | undefined;
  stop(): Promise<void>;
}

/**
 * `npm run dev` as a user runs it, in its own DATA_DIR and on free ports; resolves once it is healthy.
 * `env` adds settings (a probe's DASHBOARD_PUBLIC_READ); `cpuProfileDir` writes V8 profiles of it.
 */
export async function startDevProcess(dataDir: string, secret: string, opts: { env?: NodeJS.ProcessEnv; cpuProfileDir?: string; root?: string } = {}): Promise<DevProcess> {
  const port = await freePort();
  const nodeArgs = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.cpuProfileDir)}`] : [];
  // `root`: another checkout's dev (a baseline of older code, measured by the same script).
  const root = opts.root ?? path.join(__dirname, '..', '..');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'src', 'cli.ts'), 'dev'], {
    cwd: root,
    env: {
      ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', EMBEDDED_DB_PORT: '0', TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()), METRICS_PORT: '0', GITHUB_WEBHOOK_SECRET: secret, DASHBOARD_TOKEN: 'bench', LOG_LEVEL: 'error',
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const serverUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dev exited with code ${child.exitCode} while starting`);
    const ok = await fetch(`${serverUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('dev did not become healthy within 180 s');
    await sleep(250);
  }
  const live = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-dev.json'), 'utf8')) as { address: string; cliPid?: number };
  return {
    serverUrl,
    pid: child.pid!,
    temporalAddress: live().address,
    temporalPid: () => {
      try {
        return live().cliPid;
      } catch {
        return undefined;
      }
    },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
