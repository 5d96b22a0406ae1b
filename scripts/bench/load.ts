export interface Load {
  mode: 'paced' | 'burst';
  count: number;
  /** Arrivals per second in paced mode. */
  rate: number;
  /** Concurrent senders in burst mode. */
  senders: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `send(0 … count-1)`: in burst mode as fast as `senders` concurrent loops can; in paced mode as
 * open-loop arrivals, each starting on its schedule whether or not earlier ones were answered.
 */
export async function driveLoad(load: Load, send: (i: number) => Promise<void>): Promise<void> {
  if (load.mode === 'burst') {
    let next = 0;
    await Promise.all(Array.from({ length: load.senders }, async () => {
      while (next < load.count) await send(next++);
    }));
    return;
  }
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < load.count; i++) {
    const due = started + (i * 1000) / load.rate;
    if (due > performance.now()) await sleep(due - performance.now());
    inflight.push(send(i));
  }
  await Promise.all(inflight);
}
