import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal/cli-binary';

// A port picked for the dev server can be taken by someone else before the CLI binds it. The server is
// then started again on fresh ports; a port the user set is never swapped for another. A start that fails
// is the caller's to handle: the supervisor does not restart it on its own.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-dev-ports-'));
// The stand-in holder of the port accepts the dev server's readiness probes; they are dropped on close.
const takenSockets = new Set<net.Socket>();
const taken = net.createServer((socket) => {
  takenSockets.add(socket);
  socket.resume(); // read, so that a probe's close ends this side too
  socket.on('close', () => takenSockets.delete(socket));
});
let takenPort: number;
let server: DevServer | undefined;

beforeAll(async () => {
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  takenPort = (taken.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await server?.stop();
  for (const socket of takenSockets) socket.destroy();
  await new Promise((r) => taken.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('a picked port that is taken before the CLI binds it is replaced by a fresh one', async () => {
  const cliPath = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI });
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (_: object, msg: string) => void warnings.push(msg), error: () => undefined };
  const picks = [takenPort];
  server = await startDevServer({ cliPath, port: 0, supervise: true, logFile: path.join(dir, 'temporal.log'), log, pickPort: async () => picks.shift() ?? freePort() });
  expect(server.address).not.toBe(`127.0.0.1:${takenPort}`);
  // Only the retry: the failed start is not also taken for a crash and restarted behind the caller's back.
  expect(warnings).toEqual([expect.stringMatching(/exited before serving on the ports picked for it; trying fresh ones/)]);
  // A readiness probe that reached the port's holder was closed, not left reconnecting to it.
  const deadline = Date.now() + 10_000;
  while (takenSockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(takenSockets.size).toBe(0);
}, 120_000);

test('a port the user set that is taken fails at once with what to do, and is not swapped', async () => {
  const cliPath = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI });
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (_: object, msg: string) => void warnings.push(msg), error: () => undefined };
  await expect(startDevServer({ cliPath, port: takenPort, log })).rejects.toThrow(
    new RegExp(`did not start on 127\\.0\\.0\\.1:${takenPort}: it exited .*set TEMPORAL_PORT/TEMPORAL_UI_PORT`),
  );
  expect(warnings).toEqual([]);
}, 120_000);
