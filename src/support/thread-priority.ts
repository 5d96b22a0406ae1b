import fs from 'node:fs';
import os from 'node:os';

// Linux keeps a nice value per thread, and a new thread starts with its creator's. The dev stack runs
// latency-sensitive threads (webhook acks, the embedded database) beside throughput work (the worker,
// the Temporal dev server) on one machine, so it lowers the latter: an ack then waits for a core far
// less often. Lowering needs no privilege; raising would. Elsewhere these are no-ops.

/** This thread's kernel thread id, or undefined where /proc/thread-self does not exist. */
export function currentThreadId(): number | undefined {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/** Sets every thread of process `pid` except `keep` to nice value `nice`; returns how many changed. */
export function lowerThreadPriority(pid: number, nice: number, keep: ReadonlySet<number> = new Set()): number {
  let tids: number[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return 0;
  }
  let changed = 0;
  for (const tid of tids) {
    if (keep.has(tid)) continue;
    try {
      if (os.getPriority(tid) >= nice) continue;
      os.setPriority(tid, nice);
      changed++;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return changed;
}
