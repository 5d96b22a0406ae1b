import type { ChildProcess } from 'node:child_process';

/** The slice of a pino logger the supervisor writes to; a pino `Logger` fits as is. */
export interface ProcessLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  resetAfterMs: number; // a child that served this long before dying counts as healthy: back to initialMs
}

export interface SupervisorOptions {
  name: string;
  spawnChild(): ChildProcess;
  waitReady(child: ChildProcess): Promise<void>;
  restart: boolean; // false: an unexpected exit is only logged
  log: ProcessLog;
  backoff?: Partial<RestartBackoff>;
}

export interface SupervisedProcess {
  pid(): number | undefined;
  /** Called each time a child (the first or a restarted one) answers; returns the unsubscribe function. */
  onServing(listener: (pid: number) => void): () => void;
  /** Resolves when the current child answers (at once if it does); rejects once stopped. */
  whenServing(): Promise<void>;
  stop(): Promise<void>;
}

// Doubling from 200 ms to 5 s: a crash is retried at once, a server that dies at start does not spin.
const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 200, maxMs: 5_000, resetAfterMs: 30_000 };

/** Spawns a child and waits until it is ready (rejecting, child killed, if not); then restarts it whenever it dies. */
export async function superviseProcess(opts: SupervisorOptions): Promise<SupervisedProcess> {
  const backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const listeners = new Set<(pid: number) => void>();
  let waiters: { resolve(): void; reject(err: Error): void }[] = [];
  let child: ChildProcess | undefined;
  let servingSince: number | undefined;
  let delayMs = backoff.initialMs;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Until the first child serves, its end is the caller's failure (waitReady reports it), not a crash to
  // restart from: a restart scheduled then outlived the failed start as a server nobody owned.
  let started = false;

  const launch = (): ChildProcess => {
    const c = opts.spawnChild();
    child = c;
    servingSince = undefined;
    c.once('exit', (code, signal) => onEnd(c, code, signal));
    // A failed spawn (binary gone, EMFILE) emits 'error' and no 'exit'; with a pid, 'error' is a failed kill.
    c.on('error', (err) => (c.pid === undefined ? onEnd(c, null, null, err) : opts.log.error({ pid: c.pid, err: err.message }, `${opts.name}: ${err.message}`)));
    return c;
  };

  const markServing = (c: ChildProcess) => {
    servingSince = Date.now();
    for (const w of waiters) w.resolve();
    waiters = [];
    for (const l of listeners) {
      try {
        l(c.pid!);
      } catch (err) {
        opts.log.error({ err: (err as Error).message }, `an onServing listener of ${opts.name} threw`);
      }
    }
  };

  const onEnd = (c: ChildProcess, code: number | null, signal: NodeJS.Signals | null, err?: Error) => {
    if (stopped || !started || c !== child) return; // also makes a second report of the same end a no-op
    const upMs = servingSince === undefined ? 0 : Date.now() - servingSince;
    child = undefined;
    servingSince = undefined;
    if (upMs >= backoff.resetAfterMs) delayMs = backoff.initialMs;
    const fields = { pid: c.pid, code, signal, err: err?.message, upMs };
    if (!opts.restart) return opts.log.warn(fields, `${opts.name} exited unexpectedly; not supervised, so not restarted`);
    opts.log.warn({ ...fields, restartInMs: delayMs }, `${opts.name} exited unexpectedly; restarting`);
    restartTimer = setTimeout(restart, delayMs);
    delayMs = Math.min(delayMs * 2, backoff.maxMs);
  };

  const restart = () => {
    restartTimer = undefined;
    if (stopped) return;
    const c = launch();
    opts.waitReady(c).then(
      () => {
        if (stopped || c !== child) return;
        opts.log.info({ pid: c.pid }, `${opts.name} restarted and serving`);
        markServing(c);
      },
      (err: Error) => {
        // A child that runs but never answers is killed; its exit schedules the next attempt.
        if (stopped || c !== child) return;
        opts.log.error({ pid: c.pid, err: err.message }, `${opts.name} did not come back; killing it`);
        c.kill('SIGKILL');
      },
    );
  };

  // A forced exit (second Ctrl-C, process.exit) skips stop(); the child must not outlive us holding its ports.
  const onParentExit = () => child?.kill('SIGTERM');
  process.once('exit', onParentExit);
  const first = launch();
  try {
    await opts.waitReady(first);
  } catch (err) {
    stopped = true;
    process.removeListener('exit', onParentExit);
    first.kill('SIGKILL');
    throw err;
  }
  started = true;
  markServing(first);

  return {
    pid: () => child?.pid,
    onServing(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenServing() {
      if (stopped) return Promise.reject(new Error(`${opts.name} was stopped`));
      if (servingSince !== undefined) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async stop() {
      // Supervision ends first, so the exit that stopping causes is not taken for a crash.
      stopped = true;
      process.removeListener('exit', onParentExit);
      clearTimeout(restartTimer);
      for (const w of waiters) w.reject(new Error(`${opts.name} was stopped`));
      waiters = [];
      listeners.clear();
      const c = child;
      child = undefined;
      if (c) await stopChild(c);
    },
  };
}

/** SIGTERM, then SIGKILL if it has not exited within 10 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
