import { isGrpcServiceError } from '@temporalio/client';
import type { TemporalClientProvider } from './connect';

// gRPC statuses that say "not now" rather than "not this request": unavailable, overloaded, timed out,
// and the ones a misconfigured or restarting server gives every request alike.
const NOT_NOW = new Set([1, 2, 4, 7, 8, 10, 13, 14, 16]); // CANCELLED UNKNOWN DEADLINE_EXCEEDED PERMISSION_DENIED RESOURCE_EXHAUSTED ABORTED INTERNAL UNAVAILABLE UNAUTHENTICATED
const HEALTH_DEADLINE_MS = 1_000;
const HEALTH_KEPT_MS = 1_000;

function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * Tells an outage from a delivery Temporal refuses: a failure whose status means "not now", or any
 * failure while Temporal does not answer a health request, is an outage and never counts against the
 * delivery (the inbox forwarder parks only deliveries Temporal refuses while it is up).
 */
export function createOutageCheck(temporal: TemporalClientProvider): (err: unknown) => Promise<boolean> {
  let health: { at: number; up: Promise<boolean> } | undefined;
  const answers = () => {
    if (!health || Date.now() - health.at > HEALTH_KEPT_MS) {
      const up = temporal.get()
        .then((c) => c.connection.withDeadline(Date.now() + HEALTH_DEADLINE_MS, () => c.connection.workflowService.getSystemInfo({})))
        .then(() => true, () => false);
      health = { at: Date.now(), up };
    }
    return health.up;
  };
  return async (err) => {
    const code = grpcCode(err);
    if (code !== undefined && NOT_NOW.has(code)) return true;
    return !(await answers());
  };
}
