import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { TriageRepo, TriageStatus } from '../../src/domain/search-attributes';
import { createBaselineActivities } from './baseline-activities';
import { driveLoad, type Load } from './load';
import type { baselineTriage } from './baseline-workflow';

export interface BaselineResult {
  workflows: number;
  completed: number;
  throughputPerSecond: number;
  startToNotifyMs: { p50: number | null; p99: number | null };
  wallSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the no-op workflow of the triage's shape on the given Temporal server with the same load the
 * pipeline gets: signal-with-start of a `delivery` signal per issue, paced or as a burst. The worker runs
 * in this process on a task queue of its own, so nothing of the pipeline's stack takes part.
 */
export async function runBaseline(address: string, load: Load, percentile: (xs: number[], p: number) => number | null): Promise<BaselineResult> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const taskQueue = `bench-baseline-${randomUUID()}`;
  const sentAt = new Map<number, number>();
  const latency: number[] = [];
  let lastAt = 0;
  const activities = createBaselineActivities((n) => {
    lastAt = performance.now();
    latency.push(lastAt - sentAt.get(n)!);
  });
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection: workerConnection, taskQueue, workflowsPath: path.join(__dirname, 'baseline-workflow.ts'), activities });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const repoFullName = `baseline/${taskQueue.slice(-8)}`;
  const send = async (i: number) => {
    const n = i + 1;
    sentAt.set(n, performance.now());
    await client.workflow.signalWithStart<typeof baselineTriage, [unknown]>('baselineTriage', {
      workflowId: `${taskQueue}-${n}`, taskQueue, args: [{ repoFullName, number: n }],
      typedSearchAttributes: [{ key: TriageRepo, value: repoFullName }, { key: TriageStatus, value: 'pending' }],
      signal: 'delivery', signalArgs: [{ deliveryId: randomUUID(), eventName: 'issues', action: 'opened', githubUpdatedAt: new Date().toISOString(), receivedAt: new Date().toISOString() }],
    });
  };
  const started = performance.now();
  await driveLoad(load, send);
  const deadline = Date.now() + 600_000;
  while (latency.length < load.count && Date.now() < deadline) await sleep(50);
  const wall = (lastAt - started) / 1000;
  // The baseline's workflows wait for a next event like the real ones; end them so they leave no load.
  await driveLoad({ ...load, mode: 'burst' }, (i) => client.workflow.getHandle(`${taskQueue}-${i + 1}`).terminate('bench baseline done').then(() => undefined, () => undefined));
  worker.shutdown();
  await running;
  await connection.close();
  await workerConnection.close();
  return {
    workflows: load.count,
    completed: latency.length,
    throughputPerSecond: +(latency.length / wall).toFixed(1),
    startToNotifyMs: { p50: percentile(latency, 50), p99: percentile(latency, 99) },
    wallSeconds: +wall.toFixed(1),
  };
}
