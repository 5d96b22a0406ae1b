// The one module that names what can go wrong when a model is called. The activity layer turns a
// non-retryable ModelError into ApplicationFailure.nonRetryable({ type, message }); everything else
// is left to Temporal's retry policy, which is why the OpenAI client itself never retries.

export const MODEL_ERROR_TYPES = {
  /** 429: the provider is throttling; backing off helps. */
  rateLimited: 'ModelRateLimited',
  /** 5xx: the provider failed; it usually recovers. */
  unavailable: 'ModelUnavailable',
  /** No answer within OPENAI_TIMEOUT. */
  timeout: 'ModelTimeout',
  /** DNS, refused or reset connection. */
  connection: 'ModelConnectionFailed',
  /** 401/403: the key is wrong or lacks access; retrying cannot fix it. */
  auth: 'ModelAuthFailed',
  /** 400/404/422 and other 4xx: the request or the model name is wrong. */
  badRequest: 'ModelRequestRejected',
  /** The answer did not match the schema, even after one repair attempt. */
  invalidOutput: 'ModelOutputInvalid',
} as const;

export type ModelErrorType = (typeof MODEL_ERROR_TYPES)[keyof typeof MODEL_ERROR_TYPES];

const RETRYABLE: ReadonlySet<ModelErrorType> = new Set([
  MODEL_ERROR_TYPES.rateLimited,
  MODEL_ERROR_TYPES.unavailable,
  MODEL_ERROR_TYPES.timeout,
  MODEL_ERROR_TYPES.connection,
]);

/** The types a Temporal retry policy should list in `nonRetryableErrorTypes`. */
export const NON_RETRYABLE_MODEL_ERROR_TYPES: ModelErrorType[] = Object.values(MODEL_ERROR_TYPES).filter((t) => !RETRYABLE.has(t));

export class ModelError extends Error {
  override name = 'ModelError';
  readonly type: ModelErrorType;
  readonly retryable: boolean;
  /** HTTP status of the provider's answer, when there was one. */
  readonly status: number | undefined;

  constructor(type: ModelErrorType, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.type = type;
    this.retryable = RETRYABLE.has(type);
    this.status = opts.status;
  }
}

/**
 * Whether trying again may succeed. Errors that are not ModelErrors (a dropped database connection,
 * a bug) count as retryable: that is Temporal's default and a bounded retry policy caps the cost.
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof ModelError ? err.retryable : true;
}
