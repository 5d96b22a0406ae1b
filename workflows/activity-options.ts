import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

// Failures that retrying cannot fix; activities raise them as non-retryable ApplicationFailures.
export const NON_RETRYABLE = ['InvalidIssue', 'ModelRejected', 'EmbedderMismatch', 'DeliveryGone'];

// Steps that run in the worker's own process (database, offline model, notification) are local
// activities: a marker in the history instead of three events and a task round trip each. A local
// activity retries in place for short gaps; past `localRetryThreshold` the SDK waits on a durable timer,
// so a long database outage still ends in success or a failure the workflow handles.

/** Pure checks on the payload: a second attempt would give the same answer. */
export const validationActivity: LocalActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** Reads and upserts; retried with backoff through a database restart of a few minutes. */
export const databaseActivity: LocalActivityOptions = {
  startToCloseTimeout: '30s',
  localRetryThreshold: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 30, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** The offline model: CPU work in the worker plus its store in the database. */
export const offlineModelActivity: LocalActivityOptions = {
  startToCloseTimeout: '1m',
  localRetryThreshold: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 30, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** A remote model (OpenAI or compatible): providers rate-limit (429) and time out, so back off longer. */
export const remoteModelActivity: ActivityOptions = {
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 12, nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * GitHub's REST API, as ordinary activities: the throttling plugin waits out rate limits inside an
 * attempt (hence the long timeout), and GitHub's outages call for minutes of backoff, not seconds.
 */
export const githubActivity: ActivityOptions = {
  startToCloseTimeout: '3m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m', maximumAttempts: 12, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** Dashboard notification is best effort: a few quick tries, then the workflow moves on. */
export const notifyActivity: LocalActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumAttempts: 5 },
};

/**
 * The triage assistant's steps in the worker (the security screen, its records): the screen may read the
 * repository's config from GitHub when the cached copy is stale, so it gets a minute, not seconds.
 */
export const assistantActivity: LocalActivityOptions = {
  startToCloseTimeout: '1m',
  localRetryThreshold: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 20, nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * A notification to the operator's team (Slack or any receiver): an ordinary activity, as it calls the
 * network; a receiver that is down for a while is retried for about half an hour, then the event shows
 * as failed on the dashboard. A refusal retrying cannot fix (4xx) is not retried.
 */
export const notificationActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 10, nonRetryableErrorTypes: [...NON_RETRYABLE, 'NotificationRefused'] },
};

/**
 * The reconciliation sweep's GitHub calls: minutes of backoff through a GitHub outage, but a bounded
 * number of tries, since the next scheduled sweep starts again from the high-water marks.
 */
export const sweepActivity: ActivityOptions = {
  startToCloseTimeout: '15m',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
};
