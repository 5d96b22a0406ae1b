import { ApplicationFailure } from '@temporalio/activity';

// Error types the workflow and the retry policies know by name (see workflows/activity-options.ts).

export function invalidIssue(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'InvalidIssue', message, nonRetryable: true });
}

/**
 * Model providers say whether a failure is worth retrying (a 429 is, a rejected API key is not).
 * Non-retryable ones become non-retryable ApplicationFailures of the provider's type (ModelAuthFailed,
 * ModelRequestRejected, …) so Temporal stops at once; the rest rethrow and back off.
 */
export function asModelFailure(err: unknown): unknown {
  const e = err as { retryable?: boolean; type?: string; message?: string; name?: string };
  if (e && e.retryable === false) {
    return ApplicationFailure.create({ type: e.type ?? 'ModelRejected', message: e.message ?? 'the model refused the request', nonRetryable: true, cause: err as Error });
  }
  if (e && e.name === 'EmbedderMismatchError') {
    return ApplicationFailure.create({ type: 'EmbedderMismatch', message: e.message ?? 'embedder mismatch', nonRetryable: true });
  }
  return err;
}

/** The inbox no longer holds the delivery's payload: retrying cannot bring it back. */
export function deliveryGone(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'DeliveryGone', message, nonRetryable: true });
}
