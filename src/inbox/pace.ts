// A repository's pace: WEBHOOK_RATE_LIMIT deliveries a minute, after a burst of WEBHOOK_RATE_BURST
// forwarded at once, so in any minute at most limit + burst. It is the generic cell rate algorithm: one
// timestamp per repository (the theoretical arrival time, `tat`, of its next delivery), which every
// forwarder advances atomically in the database when it reserves times for deliveries (repo_pace).

export interface PaceSettings {
  /** Deliveries per minute; 0: not paced. */
  perMinute: number;
  burst: number;
}

export interface Pace {
  /** Milliseconds between two deliveries at the steady pace. */
  intervalMs: number;
  /** How far ahead of its steady time a delivery may go: the burst, less the delivery itself. */
  toleranceMs: number;
}

export function paceOf(s: PaceSettings): Pace | null {
  if (s.perMinute <= 0) return null;
  const intervalMs = 60_000 / s.perMinute;
  // A burst of 0 still lets one delivery through at once: the pace spaces what follows it.
  return { intervalMs, toleranceMs: (Math.max(1, s.burst) - 1) * intervalMs };
}

/**
 * The times at which `count` deliveries may be forwarded, in order, given the repository's `tat` after
 * the reservation (`reservedTat` = max(old tat, now) + count × interval) and the database's `now`.
 */
export function slotTimes(pace: Pace, count: number, reservedTat: number, now: number): number[] {
  const base = reservedTat - count * pace.intervalMs;
  return Array.from({ length: count }, (_, j) => Math.max(now, base + j * pace.intervalMs - pace.toleranceMs));
}
