import type { Topology } from './topology';
import type { TriageflowProcess } from './triageflow-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosTimeline {
  /** The processes that took the killed ones' places. */
  replacements: { server: TriageflowProcess; worker: TriageflowProcess };
  /** When Temporal was down: from its SIGKILL to its restarted frontend answering. */
  temporalDown: { from: number; to: number };
}

/**
 * Mid-load failures, in order: SIGKILL a worker and a server, start a replacement server on the same port
 * (as an orchestrator would), SIGKILL the Temporal server and start it again after `outageMs` on the same
 * database, then start a replacement worker. Replacements start while Temporal is up because `server` and
 * `worker` connect to it at start and exit when they cannot.
 */
export async function runChaos(
  t: Topology,
  victims: { server: TriageflowProcess; worker: TriageflowProcess; serverPort: number },
  opts: { startAfterMs: number; outageMs: number; onServerReplaced?: (server: TriageflowProcess) => Promise<void> },
): Promise<ChaosTimeline> {
  await sleep(opts.startAfterMs);
  await Promise.all([victims.server.kill(), victims.worker.kill()]);
  await sleep(1_000);
  const server = await t.startServer(`${victims.server.name}-restarted`, victims.serverPort);
  await opts.onServerReplaced?.(server);
  const from = Date.now();
  await t.temporal.kill();
  await sleep(opts.outageMs);
  await t.temporal.start();
  const to = Date.now();
  const worker = await t.startWorker(`${victims.worker.name}-restarted`);
  return { replacements: { server, worker }, temporalDown: { from, to } };
}
