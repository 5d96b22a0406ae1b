import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Worker } from '@temporalio/worker';

// What the latency metric reads of a notify call (activities/notify.ts): the delivery it published, and what.
type NotifyInput = { delivery?: { deliveryId: string; receivedAt: string } };
type NotifyResult = { published: false } | { published: true; status: string; category: string | null; priority: string | null };
type Notify<I extends NotifyInput, R extends NotifyResult> = (input: I) => Promise<R>;

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
 * Wraps the notify activity: when it publishes the handling of a delivery it has not seen before, the
 * time from that delivery's receipt (the workflow passes it along) to now is the triage latency the
 * issue asks for. Corrections publish too, but bring no delivery, so they are not timed.
 */
export function instrumentNotify<I extends NotifyInput, R extends NotifyResult>(registry: Registry, notify: Notify<I, R>): Notify<I, R> {
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
    const delivery = input.delivery;
    if (!result.published || !delivery || seen.has(delivery.deliveryId)) return result;
    // Bounded: a retried notify within the last few thousand deliveries is not timed twice.
    if (seen.size > 10_000) seen.clear();
    seen.add(delivery.deliveryId);
    latency.observe(Math.max(0, (Date.now() - Date.parse(delivery.receivedAt)) / 1000));
    if (result.category && ['triaged', 'corrected'].includes(result.status)) triaged.inc({ category: result.category, priority: result.priority ?? 'none' });
    return result;
  };
}
