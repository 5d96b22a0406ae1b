import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool';
import { listen, type Listener } from '../db/listen';
import type { Logger } from '../log';
import { INBOX_CHANNEL, type ClaimedDelivery, type InboxStore } from './store';

export interface ForwarderDeps {
  pool: Pool;
  store: InboxStore;
  /** Signals the delivery's workflow; rejects when Temporal did not record it. */
  send(delivery: ClaimedDelivery): Promise<void>;
  log: Logger;
  /** Issues claimed per round; their queued deliveries come along. */
  batch?: number;
  /** Issues signalled at once; one issue's deliveries always go one after another. */
  concurrency?: number;
  /** How long a claim is ours; a process that dies mid-round leaves its rows to others after this. */
  leaseMs?: number;
  /** Sweep period when nothing wakes the forwarder: rows left by a dead peer, or missed notifications. */
  sweepMs?: number;
}

export interface Forwarder {
  /** Forward what is due now: called right after a delivery is committed. */
  wake(): void;
  stop(): Promise<void>;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
const nextBackoff = (ms: number) => Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, ms * 2));

/**
 * Moves committed deliveries from the inbox to Temporal. A webhook wakes it in-process the moment its
 * row commits; on PostgreSQL a NOTIFY wakes every server's forwarder, and a slow sweep catches the rest.
 * When Temporal fails it stops the round and backs off as a whole, so an outage costs one failed call
 * per backoff period and the backlog simply waits in the table.
 */
export async function startForwarder(deps: ForwarderDeps): Promise<Forwarder> {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const { store, log } = deps;
  const batch = deps.batch ?? 64;
  const concurrency = deps.concurrency ?? 16;
  const leaseMs = deps.leaseMs ?? 60_000;
  const sweepMs = deps.sweepMs ?? 1_000;
  let backoffMs = 0;
  let wanted = false;
  let stopped = false;
  let round: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    if (!stopped) timer = setTimeout(wake, ms);
  };

  async function drain(): Promise<void> {
    while (wanted && !stopped) {
      wanted = false;
      const claimed = await store.claim(owner, { heads: batch, leaseMs });
      if (!claimed.length) return;
      const failure = await forwardRound(claimed);
      if (failure) {
        backoffMs = nextBackoff(backoffMs);
        log.warn({ err: failure, retryInMs: backoffMs }, 'Temporal did not take a delivery; the inbox keeps it and retries');
        return;
      }
      if (backoffMs) log.info('Temporal takes deliveries again; draining the inbox');
      backoffMs = 0;
      // A full claim may have left more behind; a partial one took everything that was due.
      if (new Set(claimed.map((d) => d.workflowId)).size >= batch) wanted = true;
    }
  }

  /** Signals every claimed issue's deliveries in order; resolves the first failure, if any. */
  async function forwardRound(claimed: ClaimedDelivery[]): Promise<unknown> {
    const byIssue = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) byIssue.set(d.workflowId, [...(byIssue.get(d.workflowId) ?? []), d]);
    const queue = [...byIssue.values()];
    const forwarded: number[] = [];
    const untouched: number[] = [];
    let failure: unknown;
    const next = async (): Promise<void> => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        if (failure !== undefined) {
          untouched.push(...group.map((d) => d.id));
          continue;
        }
        for (const [i, d] of group.entries()) {
          try {
            await deps.send(d);
            forwarded.push(d.id);
          } catch (err) {
            failure ??= err;
            await store.markFailed({ id: d.id, error: String((err as Error)?.message ?? err), retryInMs: nextBackoff(backoffMs) }, group.slice(i + 1).map((r) => r.id));
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, next));
    await store.markForwarded(forwarded);
    await store.release(untouched);
    return failure;
  }

  function wake(): void {
    wanted = true;
    if (round || stopped) return;
    round = drain()
      .catch((err: unknown) => {
        backoffMs = nextBackoff(backoffMs);
        log.warn({ err, retryInMs: backoffMs }, 'inbox forwarding failed; retrying');
      })
      .finally(() => {
        round = undefined;
        if (wanted && !backoffMs) wake();
        else schedule(backoffMs || sweepMs);
      });
  }

  // Outside wake-ups (a commit, a NOTIFY) wait while backing off; the backoff timer wakes it then.
  const wakeUnlessBackingOff = () => {
    if (!backoffMs) wake();
  };
  const listener: Listener | undefined = await listen(deps, INBOX_CHANNEL, wakeUnlessBackingOff);
  wake();
  return {
    wake: wakeUnlessBackingOff,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round;
      await listener?.end().catch(() => undefined);
    },
  };
}
