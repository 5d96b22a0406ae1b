import type { Logger } from '../log';
import { runPeriodically } from '../support/periodic';
import type { InboxStore } from './store';

/** Deletes forwarded inbox rows past the retention period, at start and then every `intervalMs` (default hourly). */
export function startInboxPruner(deps: { store: InboxStore; retentionMs: number; log: Logger; intervalMs?: number }): { stop(): Promise<void> } {
  return runPeriodically(async () => {
    try {
      const removed = await deps.store.prune(deps.retentionMs);
      if (removed) deps.log.info({ removed }, 'pruned forwarded webhook deliveries past INBOX_RETENTION');
    } catch (err) {
      deps.log.warn({ err }, 'pruning the webhook inbox failed; trying again later');
    }
  }, deps.intervalMs ?? 3_600_000);
}
