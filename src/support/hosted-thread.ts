import fs from 'node:fs';
import path from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';

// A part of the dev stack that runs in a thread of its own (the embedded database, the HTTP server):
// the thread starts it, reports `ready` with what the caller needs or `failed` with why, and stops it
// when asked. Messages of any other kind are the part's own and go to `onMessage`.

export type HostedMessage<Ready> =
  | ({ kind: 'ready' } & Ready)
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' };

export interface HostedThread<Ready> {
  ready: Ready;
  /** Rejects when the thread ends without being asked to stop. */
  exited: Promise<never>;
  /** Sends the part a message of its own kind (its thread listens on parentPort). */
  post(msg: unknown): void;
  stop(): Promise<void>;
}

/** The compiled module beside this one, or the TypeScript source under tsx (dev, tests). */
function spawn(dir: string, name: string, workerData: unknown): Worker {
  const js = path.join(dir, `${name}.js`);
  if (fs.existsSync(js)) return new Worker(js, { workerData });
  // The thread registers tsx's require hook before loading the TypeScript module.
  const tsx = require.resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(path.join(dir, `${name}.ts`))});`;
  return new Worker(code, { eval: true, workerData });
}

const isLifecycle = (msg: unknown): msg is HostedMessage<object> =>
  typeof msg === 'object' && msg !== null && ['ready', 'failed', 'stopped'].includes((msg as { kind?: string }).kind ?? '');

/** Starts `dir/name` in a thread and waits for it to be ready; `what` names it in errors. */
export async function startHostedThread<Ready extends object>(opts: {
  dir: string;
  name: string;
  what: string;
  workerData: unknown;
  onMessage?: (msg: unknown, worker: Worker) => void;
  /** The thread does not keep the process alive on its own (a helper, not a part of the stack). */
  unref?: boolean;
}): Promise<HostedThread<Ready>> {
  const worker = spawn(opts.dir, opts.name, opts.workerData);
  if (opts.unref) worker.unref();
  let stopping = false;
  const lifecycle: ((msg: HostedMessage<Ready>) => void)[] = [];
  worker.on('message', (msg: unknown) => {
    if (isLifecycle(msg)) lifecycle.shift()?.(msg as HostedMessage<Ready>);
    else opts.onMessage?.(msg, worker);
  });
  const exited = new Promise<never>((_, reject) => {
    worker.once('error', (err) => reject(new Error(`${opts.what} failed: ${err.message}`)));
    worker.once('exit', (code) => reject(new Error(`${opts.what}'s thread exited (code ${code})`)));
  });
  exited.catch(() => undefined);
  const next = () => Promise.race([new Promise<HostedMessage<Ready>>((resolve) => lifecycle.push(resolve)), exited]);

  const first = await next();
  if (first.kind !== 'ready') {
    await worker.terminate();
    throw new Error(first.kind === 'failed' ? first.message : `${opts.what} stopped while starting`);
  }
  const { kind: _kind, ...ready } = first;
  const unexpected = exited.catch((err: unknown) => (stopping ? new Promise<never>(() => undefined) : Promise.reject(err)));
  unexpected.catch(() => undefined);
  let stopped: Promise<void> | undefined;
  return {
    ready: ready as unknown as Ready,
    exited: unexpected,
    post: (msg) => worker.postMessage(msg),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        const done = next();
        worker.postMessage('stop');
        const result = await done.catch((err: Error) => ({ kind: 'failed', message: err.message }) as HostedMessage<Ready>);
        await worker.terminate();
        if (result.kind === 'failed') throw new Error(`${opts.what} did not stop cleanly: ${result.message}`);
      })();
      return stopped;
    },
  };
}

/** The thread's side: starts the part, reports it ready (or why it failed), stops it on request. */
export function hostInThread<Ready extends object>(start: () => Promise<{ ready: Ready; stop(): Promise<void> }>): void {
  const port = parentPort!;
  const failed = (err: unknown): HostedMessage<Ready> => ({ kind: 'failed', message: String((err as Error)?.message ?? err) });
  start().then(
    (part) => {
      port.on('message', (msg: unknown) => {
        if (msg !== 'stop') return;
        part.stop().then(() => port.postMessage({ kind: 'stopped' }), (err: unknown) => port.postMessage(failed(err)));
      });
      port.postMessage({ kind: 'ready', ...part.ready });
    },
    (err: unknown) => port.postMessage(failed(err)),
  );
}
