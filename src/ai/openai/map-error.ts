import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { MODEL_ERROR_TYPES, ModelError } from '../errors';
import { maskUrlPassword } from '../../support/mask-url';

export interface CallContext {
  /** What was asked, for the message: "embedding request", "classification request". */
  what: string;
  model: string;
  baseUrl: string;
  timeoutMs: number;
}

/** Runs one provider request and maps whatever it throws. */
export async function callProvider<T>(ctx: CallContext, request: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await request();
  } catch (err) {
    throw toModelError(err, ctx, Date.now() - started);
  }
}

/**
 * Turns whatever the OpenAI SDK threw into a ModelError whose message says what went wrong and what
 * to change. The SDK's own retries are off, so each error here is one failed attempt.
 */
export function toModelError(err: unknown, ctx: CallContext, elapsedMs = 0): ModelError {
  if (err instanceof ModelError) return err;
  const where = `${ctx.what} to ${maskUrlPassword(ctx.baseUrl)} (model ${ctx.model})`;
  // Timeout is a subclass of connection error: test it first. Some fetch implementations report the
  // SDK's abort as a plain connection failure, so one that ends at the deadline counts as a timeout too.
  if (err instanceof APIConnectionTimeoutError || (err instanceof APIConnectionError && elapsedMs >= ctx.timeoutMs)) {
    return new ModelError(MODEL_ERROR_TYPES.timeout, `The ${where} timed out: raise OPENAI_TIMEOUT if the server is slow; it will be retried.`, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    const reason = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return new ModelError(
      MODEL_ERROR_TYPES.connection,
      `Could not connect for the ${where}${reason}. Check OPENAI_BASE_URL and the network; it will be retried.`,
      { cause: err },
    );
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    // The SDK starts its message with the status, which ours already names.
    return fromStatus(err.status, err.message.replace(/^\d{3}\s*/, ''), where, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ModelError(MODEL_ERROR_TYPES.unavailable, `The ${where} failed unexpectedly: ${message}`, { cause: err });
}

function fromStatus(status: number, detail: string, where: string, cause: unknown): ModelError {
  const opts = { status, cause };
  if (status === 401) {
    return new ModelError(MODEL_ERROR_TYPES.auth, `The server rejected the API key (401) for the ${where}: check OPENAI_API_KEY. ${detail}`, opts);
  }
  if (status === 403) {
    return new ModelError(MODEL_ERROR_TYPES.auth, `The API key has no access (403) for the ${where}: check the key's project, organisation and model permissions. ${detail}`, opts);
  }
  if (status === 404) {
    return new ModelError(
      MODEL_ERROR_TYPES.badRequest,
      `Not found (404) for the ${where}: check the model name (OPENAI_CLASSIFY_MODEL / OPENAI_EMBEDDING_MODEL) and that OPENAI_BASE_URL ends in /v1. ${detail}`,
      opts,
    );
  }
  if (status === 429) {
    return new ModelError(MODEL_ERROR_TYPES.rateLimited, `Rate limited (429) on the ${where}; it will be retried with backoff. If it persists, check the account's quota. ${detail}`, opts);
  }
  if (status >= 500) {
    return new ModelError(MODEL_ERROR_TYPES.unavailable, `The server failed (${status}) on the ${where}; it will be retried. ${detail}`, opts);
  }
  // 408 and 409 are transient by HTTP's own definition; the rest of 4xx is a request that will never pass.
  if (status === 408 || status === 409) {
    return new ModelError(MODEL_ERROR_TYPES.unavailable, `The server asked to try again (${status}) on the ${where}. ${detail}`, opts);
  }
  return new ModelError(
    MODEL_ERROR_TYPES.badRequest,
    `The server rejected the ${where} (${status}): ${detail}. Check the model settings (a compatible server must support this model and structured output).`,
    opts,
  );
}
