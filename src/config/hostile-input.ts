import { z } from 'zod';
import { envDuration, optional } from './parsers';

// The settings of issue 23: limits for a server that anyone on the internet can reach and whose issue
// text anyone can write. Values are never echoed (the configuration holds secrets).

/** Unset (or empty) is undefined; otherwise a number that passes `check`, or `message`. */
const optionalNumber = (check: (n: number) => boolean, message: string) =>
  optional.refine((v) => v === undefined || (Number.isFinite(Number(v)) && check(Number(v))), message).transform((v) => (v === undefined ? undefined : Number(v)));

export const hostileInputSchema = {
  // A session of the embedded database that keeps its single backend, inside a transaction or between a
  // cycle's messages, and sends nothing for this long is rolled back and closed (every other session,
  // webhook acks included, waits for it meanwhile). PostgreSQL's idle_in_transaction_session_timeout.
  EMBEDDED_IDLE_TX_TIMEOUT: envDuration('EMBEDDED_IDLE_TX_TIMEOUT').refine((ms) => ms >= 100, 'EMBEDDED_IDLE_TX_TIMEOUT must be at least 100ms').prefault('10s'),
  // The bind address of the METRICS_PORT listener: loopback unless a scraper elsewhere needs it.
  METRICS_HOST: z.string().trim().min(1, 'METRICS_HOST must be an address to bind, such as 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  // Spend caps on a paid model, from the cost accounting of every classification; unset: no cap.
  LLM_DAILY_BUDGET_USD: optionalNumber((n) => n > 0, 'LLM_DAILY_BUDGET_USD must be a number of USD above 0 (a repository\'s model spend per UTC day), or unset for no cap'),
  LLM_MAX_CALLS_PER_AUTHOR_PER_DAY: optionalNumber((n) => Number.isInteger(n) && n > 0, 'LLM_MAX_CALLS_PER_AUTHOR_PER_DAY must be a whole number of model calls, 1 or more, or unset for no cap'),
};

export interface HostileInputSettings {
  embeddedIdleTxTimeoutMs: number;
  metricsHost: string;
  /** Past either cap the offline model triages the issue, and the dashboard says why. */
  llmBudget: { dailyUsdPerRepo: number | undefined; maxCallsPerAuthorPerDay: number | undefined };
}

type Parsed = { [K in keyof typeof hostileInputSchema]: z.infer<(typeof hostileInputSchema)[K]> };

export function hostileInputSettings(e: Parsed): HostileInputSettings {
  return {
    embeddedIdleTxTimeoutMs: e.EMBEDDED_IDLE_TX_TIMEOUT,
    metricsHost: e.METRICS_HOST,
    llmBudget: { dailyUsdPerRepo: e.LLM_DAILY_BUDGET_USD, maxCallsPerAuthorPerDay: e.LLM_MAX_CALLS_PER_AUTHOR_PER_DAY },
  };
}
