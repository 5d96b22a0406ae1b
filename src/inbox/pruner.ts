import type { Logger } from '../log';
import type { InboxStore } from './store';

/** Deletes forwarded inbox rows past the retention period, at start and then every `intervalMs`. */
export function startInboxPruner(deps: { store: InboxStore; retentionMs: number; log: Logger; intervalMs?: number }): { stop(): void } {
  const prune = () => {
    deps.store.prune(deps.retentionMs).then(
      (removed) => removed && deps.log.info({ removed }, 'pruned forwarded webhook deliveries past INBOX_RETENTION'),
      (err: unknown) => deps.log.warn({ err }, 'pruning the webhook inbox failed; trying again later'),
    );
  };
  prune();
  const timer = setInterval(prune, deps.intervalMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
