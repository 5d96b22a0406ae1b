import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { resolveTemporalCli } from '../../src/temporal/cli-binary';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';

// `npm run dev` supervises its Temporal CLI: a killed server comes back on the same ports with the
// same sqlite file, so workflows started before the kill are still there. Its own server, not the
// suite-wide one, because this test kills it.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-supervision-'));
const dbFile = path.join(dir, 'temporal.sqlite');
const warnings: Record<string, unknown>[] = [];
const log = { info: () => undefined, warn: (fields: Record<string, unknown>) => void warnings.push(fields), error: () => undefined };
let server: DevServer;

async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address, connectTimeout: 10_000 });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

const refusesConnections = (address: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = address.split(':');
    const socket = net.connect(Number(port), host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

beforeAll(async () => {
  const cliPath = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI });
  server = await startDevServer({ cliPath, port: 0, uiPort: 0, dbFile, logFile: path.join(dir, 'temporal.log'), supervise: true, log });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The two tests share one server and run in order: the second stops what the first restarted.
test('a SIGKILLed dev server is restarted on the same address and keeps its history', async () => {
  const workflowId = `supervision-${randomUUID()}`;
  const taskQueue = `supervision-${randomUUID()}`; // no worker polls it: the workflow stays running
  await withClient((c) => c.workflow.start('noop', { workflowId, taskQueue }));
  expect(fs.existsSync(`${dbFile}-wal`)).toBe(true); // the journal_mode=wal pragma took effect

  const killed = server.pid()!;
  const restarted = new Promise<number>((resolve) => {
    const off = server.onServing((pid) => {
      off();
      resolve(pid);
    });
  });
  process.kill(killed, 'SIGKILL');
  const pid = await restarted;

  expect(pid).not.toBe(killed);
  expect(server.pid()).toBe(pid);
  await expect(server.whenServing()).resolves.toBeUndefined();
  expect(warnings).toContainEqual(expect.objectContaining({ pid: killed, signal: 'SIGKILL' }));
  const description = await withClient((c) => c.workflow.getHandle(workflowId).describe());
  expect(description).toMatchObject({ workflowId, type: 'noop', taskQueue, status: { name: 'RUNNING' } });
}, 180_000);

test('after stop() the process is gone and is not restarted', async () => {
  const pid = server.pid()!;
  await server.stop();

  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  // Several times the first restart delay (200 ms): a restart, had one been scheduled, would have spawned by now.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(server.pid()).toBeUndefined();
  expect(await refusesConnections(server.address)).toBe(true);
  await expect(server.whenServing()).rejects.toThrow(/stopped/);
}, 60_000);
