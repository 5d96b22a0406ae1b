import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Worker } from '@temporalio/worker';
import type { Pool } from '../db/pool';
import type { Logger } from '../log';

type NotifyResult = { published: boolean };
type Notify = (input: { repoId: number; number: number }) => Promise<NotifyResult>;

/** Temporal worker slots in use, read from the worker's own status at scrape time. */
export function registerWorkerSlots(registry: Registry, worker: () => Worker | undefined): void {
  const slots: Gauge = new Gauge({
    name: 'triageflow_worker_task_slots_in_use',
    help: 'Temporal worker task slots in use, by kind (workflow activations, activities, local activities).',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const w = worker();
      slots.reset();
      if (!w) return;
      const s = w.getStatus();
      slots.set({ kind: 'workflow' }, s.numInFlightWorkflowActivations);
      slots.set({ kind: 'activity' }, s.numInFlightNonLocalActivities);
      slots.set({ kind: 'local_activity' }, s.numInFlightLocalActivities);
    },
  });
}

/**
 * Wraps the notify activity: when it publishes the result of a delivery it has not seen before, the
 * time from that delivery's receipt (the inbox row) to now is the triage latency the issue asks for.
 * Corrections publish too, but bring no new delivery, so they are not timed.
 */
export function instrumentNotify(registry: Registry, deps: { pool: Pool; log: Logger }, notify: Notify): Notify {
  const latency = new Histogram({
    name: 'triageflow_triage_latency_seconds',
    help: 'Time from a webhook delivery being received to the triaged issue being published to dashboards.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const triaged = new Counter({
    name: 'triageflow_triaged_total',
    help: 'Issue deliveries triaged and published, by the resulting category and priority.',
    labelNames: ['category', 'priority'],
    registers: [registry],
  });
  const seen = new Set<string>();
  return async (input) => {
    const result = await notify(input);
    if (!result.published) return result;
    await observe(input).catch((err: unknown) => deps.log.warn({ err }, 'triage latency not recorded'));
    return result;
  };

  async function observe(input: { repoId: number; number: number }) {
    const { rows } = await deps.pool.query<{ delivery_id: string; age: number; category: string | null; priority: string | null; status: string }>(
      `SELECT d.delivery_id, EXTRACT(EPOCH FROM now() - d.received_at)::float8 AS age, i.category, i.priority, i.status
         FROM webhook_inbox d JOIN issues i ON i.repo_id = d.repo_id AND i.number = d.issue_number
        WHERE d.repo_id = $1 AND d.issue_number = $2 AND d.processed_at > now() - interval '10 minutes'
        ORDER BY d.processed_at DESC LIMIT 1`,
      [input.repoId, input.number],
    );
    const row = rows[0];
    if (!row || seen.has(row.delivery_id)) return;
    // Bounded: a retried notify within the last few thousand deliveries is not timed twice.
    if (seen.size > 10_000) seen.clear();
    seen.add(row.delivery_id);
    latency.observe(Math.max(0, row.age));
    if (row.category && ['triaged', 'corrected'].includes(row.status)) triaged.inc({ category: row.category, priority: row.priority ?? 'none' });
  }
}
