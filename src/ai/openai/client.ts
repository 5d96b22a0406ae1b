import OpenAI from 'openai';
import type { Config } from '../../config';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIConnection {
  client: OpenAI;
  /** Where requests go, for error messages (never the key). */
  baseUrl: string;
  timeoutMs: number;
}

/**
 * One client per process. `maxRetries: 0` because Temporal retries the activity with backoff: two
 * retry loops would multiply attempts and hide them from the workflow history.
 */
export function createOpenAIConnection(ai: Config['ai'], fetchImpl?: typeof fetch): OpenAIConnection {
  if (!ai.openaiApiKey) throw new Error('OPENAI_API_KEY is not set; the OpenAI provider needs it (unset it to use the offline model).');
  // Passed explicitly so a test or an override in config wins over the SDK reading OPENAI_BASE_URL itself.
  const baseUrl = ai.openaiBaseUrl ?? OPENAI_DEFAULT_BASE_URL;
  const client = new OpenAI({
    apiKey: ai.openaiApiKey,
    baseURL: baseUrl,
    timeout: ai.timeoutMs,
    maxRetries: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return { client, baseUrl, timeoutMs: ai.timeoutMs };
}
