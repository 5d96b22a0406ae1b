import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool';
import { listen, type Listener } from '../db/listen';
import type { Logger } from '../log';
import { slotTimes, type Pace } from './pace';
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
  /** Each repository's pace (WEBHOOK_RATE_LIMIT, WEBHOOK_RATE_BURST); absent or null: not paced. */
  pace?: Pace | null;
  /**
   * Whether a failure was an outage (Temporal down, unreachable or overloaded) rather than this
   * delivery's own: an outage never counts against a delivery. By default every failure is the delivery's.
   */
  isOutage?: (err: unknown) => Promise<boolean>;
  /** Failures of one delivery after which it is parked (INBOX_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** A delivery was parked: it no longer holds back its issue; a person retries it (`inbox retry`). */
  onParked?: (d: { deliveryId: string; workflowId: string; error: string }) => void;
}

export interface Forwarder {
  /** Forward what is due now: called right after a delivery is committed. */
  wake(): void;
  stop(): Promise<void>;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
const nextBackoff = (ms: number) => Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, ms * 2));
/** One delivery's own backoff after `attempts` failures: 250 ms doubling to 10 s. */
const rowBackoff = (attempts: number) => Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempts);
// A reserved time this close is due: the next sweep would come later than that anyway.
const DUE_SLACK_MS = 20;

interface RoundResult {
  /** The first outage, if any: the whole forwarder backs off. */
  outage?: unknown;
  /** The earliest reserved time still to come, ms since the epoch. */
  nextDueAt?: number;
  /** A delivery was parked: the ones behind it are heads now. */
  parked: boolean;
}

/**
 * Moves committed deliveries from the inbox to Temporal. A webhook wakes it in-process the moment its
 * row commits; on PostgreSQL a NOTIFY wakes every server's forwarder, and a slow sweep catches the rest.
 * Each repository's deliveries go at its pace: those past it wait in the table for the time reserved
 * for them, while other repositories' go on. When Temporal fails it stops the round and backs off as a
 * whole, so an outage costs one failed call per backoff period; a delivery Temporal refuses while it is
 * up backs off alone and, after `maxAttempts`, is parked.
 */
export async function startForwarder(deps: ForwarderDeps): Promise<Forwarder> {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const { store, log } = deps;
  const batch = deps.batch ?? 64;
  const concurrency = deps.concurrency ?? 16;
  const leaseMs = deps.leaseMs ?? 60_000;
  const sweepMs = deps.sweepMs ?? 1_000;
  const maxAttempts = deps.maxAttempts ?? 10;
  const isOutage = deps.isOutage ?? (async () => false);
  let backoffMs = 0;
  let wanted = false;
  let stopped = false;
  let round: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let nextDueAt: number | undefined;

  const parked = (d: { deliveryId: string; workflowId: string; error: string }) => {
    log.error({ deliveryId: d.deliveryId, workflowId: d.workflowId, reason: d.error }, 'delivery parked: it no longer holds back its issue; `inbox retry` puts it back');
    deps.onParked?.(d);
  };

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    if (!stopped) timer = setTimeout(wake, ms);
  };

  async function drain(): Promise<void> {
    nextDueAt = undefined;
    while (wanted && !stopped) {
      wanted = false;
      const claimed = await store.claim(owner, { heads: batch, leaseMs, onUnreadable: parked });
      if (!claimed.length) return;
      const result = await forwardRound(claimed, await reserveTimes(claimed));
      if (result.nextDueAt !== undefined) nextDueAt = Math.min(nextDueAt ?? Infinity, result.nextDueAt);
      if (result.outage !== undefined) {
        backoffMs = nextBackoff(backoffMs);
        log.warn({ err: result.outage, retryInMs: backoffMs }, 'Temporal did not take a delivery; the inbox keeps it and retries');
        return;
      }
      if (backoffMs) log.info('Temporal takes deliveries again; draining the inbox');
      backoffMs = 0;
      // A full claim may have left more behind; a partial one took everything that was due.
      if (result.parked || new Set(claimed.map((d) => d.workflowId)).size >= batch) wanted = true;
    }
  }

  /**
   * The time each claimed issue's deliveries may go: the time reserved for its head, or one reserved now
   * at its repository's pace. The pace counts triages, not deliveries: an issue's queued deliveries go
   * together and are triaged once (the workflow takes the newest), so a flood of edits to one issue costs
   * one slot, not hundreds.
   */
  async function reserveTimes(claimed: ClaimedDelivery[]): Promise<Map<string, number>> {
    const times = new Map<string, number>();
    const pace = deps.pace;
    const unreserved = new Map<number, ClaimedDelivery[]>();
    const heads = new Set<string>();
    for (const d of claimed) {
      // Claims come in arrival order: an issue's first row is its head.
      if (heads.has(d.workflowId)) continue;
      heads.add(d.workflowId);
      if (d.pacedAt !== null) times.set(d.workflowId, d.pacedAt);
      else if (pace) unreserved.set(d.repoId, [...(unreserved.get(d.repoId) ?? []), d]);
    }
    if (!pace || !unreserved.size) return times;
    const reserved = await store.reservePace([...unreserved].map(([repoId, repoHeads]) => ({ repoId, count: repoHeads.length })), pace.intervalMs);
    for (const [repoId, repoHeads] of unreserved) {
      const r = reserved.get(repoId)!;
      // The slots are the database's times; compare them with ours through its `now`.
      const skew = Date.now() - r.now;
      slotTimes(pace, repoHeads.length, r.tat, r.now).forEach((at, j) => times.set(repoHeads[j]!.workflowId, at + skew));
    }
    return times;
  }

  /** Signals every claimed issue's deliveries in order when its time has come; defers the others to their times. */
  async function forwardRound(claimed: ClaimedDelivery[], times: Map<string, number>): Promise<RoundResult> {
    const byIssue = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) byIssue.set(d.workflowId, [...(byIssue.get(d.workflowId) ?? []), d]);
    const queue = [...byIssue.values()];
    const forwarded: number[] = [];
    const untouched: number[] = [];
    const deferred: { id: number; at: number }[] = [];
    const result: RoundResult = { parked: false };
    const next = async (): Promise<void> => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        const at = times.get(group[0]!.workflowId);
        if (result.outage !== undefined) {
          untouched.push(...group.map((d) => d.id));
          continue;
        }
        if (at !== undefined && at > Date.now() + DUE_SLACK_MS) {
          // Past the repository's pace: the head keeps its time, the rest wait behind it.
          deferred.push({ id: group[0]!.id, at });
          untouched.push(...group.slice(1).map((d) => d.id));
          result.nextDueAt = Math.min(result.nextDueAt ?? Infinity, at);
          continue;
        }
        for (const [i, d] of group.entries()) {
          try {
            await deps.send(d);
            forwarded.push(d.id);
          } catch (err) {
            const rest = group.slice(i + 1).map((r) => r.id);
            if (await isOutage(err).catch(() => true)) {
              result.outage ??= err;
              await store.markFailed({ id: d.id, error: message(err), retryInMs: nextBackoff(backoffMs), counts: false, maxAttempts }, rest);
              break;
            }
            const failed = await store.markFailed({ id: d.id, error: message(err), retryInMs: rowBackoff(d.attempts), counts: true, maxAttempts }, rest);
            if (failed.parked) {
              result.parked = true;
              parked({ deliveryId: d.deliveryId, workflowId: d.workflowId, error: message(err) });
            } else {
              log.warn({ err, deliveryId: d.deliveryId, workflowId: d.workflowId, attempts: d.attempts + 1 }, 'Temporal refused a delivery; it backs off alone');
            }
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, next));
    await store.markForwarded(forwarded);
    await store.deferToPace(deferred);
    await store.release(untouched);
    return result;
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
        else schedule(backoffMs || Math.max(DUE_SLACK_MS, Math.min(sweepMs, (nextDueAt ?? Infinity) - Date.now())));
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

const message = (err: unknown) => String((err as Error)?.message ?? err);
