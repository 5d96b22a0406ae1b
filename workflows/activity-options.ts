import type { ActivityOptions } from '@temporalio/workflow';

// Failures that retrying cannot fix; activities raise them as non-retryable ApplicationFailures.
export const NON_RETRYABLE = ['InvalidIssue', 'InvalidCorrection', 'ModelRejected', 'EmbedderMismatch'];

/** Pure checks on the payload: a second attempt would give the same answer. */
export const validationActivity: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** Reads and upserts; retried with backoff through a database restart of a few minutes. */
export const databaseActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 30, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** Embedding and classification: remote providers rate-limit (429) and time out, so back off longer. */
export const modelActivity: ActivityOptions = {
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 12, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** Dashboard notification is best effort: a few quick tries, then the workflow moves on. */
export const notifyActivity: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumAttempts: 5 },
};
