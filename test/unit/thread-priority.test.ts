import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { currentThreadId, lowerThreadPriority } from '../../src/support/thread-priority';
import { niceOf } from '../support/thread-nice';

// Linux keeps a nice value per thread: lowering a process's threads but one leaves that one alone, and
// lowering again changes nothing. A child process of its own, so this test's runner keeps its priority.

let child: ChildProcess;
let keptTid: number;

beforeAll(async () => {
  // A process with a worker thread that reports its own kernel thread id, then idles.
  const script = `
    const { Worker } = require('node:worker_threads');
    const w = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self')); setInterval(() => {}, 1000);", { eval: true });
    w.on('message', (m) => process.stdout.write(m.split('/').pop() + '\\n'));
    setInterval(() => {}, 1000);`;
  child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  keptTid = await new Promise<number>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(Number(c.toString().trim()))));
});
afterAll(() => {
  child.kill('SIGKILL');
});

test('lowers every thread of a process except the ones kept, once', () => {
  const tids = fs.readdirSync(`/proc/${child.pid}/task`).map(Number);
  expect(tids).toContain(keptTid);
  expect(tids.every((t) => niceOf(child.pid!, t) === 0)).toBe(true);

  const changed = lowerThreadPriority(child.pid!, 10, new Set([keptTid]));
  expect(changed).toBe(tids.length - 1);
  for (const t of tids) expect([t, niceOf(child.pid!, t)]).toEqual([t, t === keptTid ? 0 : 10]);
  expect(lowerThreadPriority(child.pid!, 10, new Set([keptTid]))).toBe(0);
});

test('a process that is gone changes nothing, and this thread knows its own id', () => {
  expect(lowerThreadPriority(2 ** 22 + 1, 10)).toBe(0);
  expect(currentThreadId()).toBe(process.pid);
});
