import fs from 'node:fs';

// Nice values read from /proc, not through os.getPriority (what the code under test uses to set them).

/** A thread's nice value: field 19 of /proc/PID/task/TID/stat, counted after the parenthesised name. */
export function niceOf(pid: number, tid: number | string): number {
  const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** The nice value of every thread of `pid` that still runs. */
export function threadNices(pid: number): number[] {
  return fs.readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      return [niceOf(pid, tid)];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}
