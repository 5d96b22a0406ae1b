import { z } from 'zod';
import { envDuration, optional } from './parsers';

// The settings of issue 23: limits for a server that anyone on the internet can reach and whose issue
// text anyone can write. Values are never echoed (the configuration holds secrets).

/** Unset (or empty) is undefined; otherwise a number that passes `check`, or `message`. */
const optionalNumber = (check: (n: number) => boolean, message: string) =>
  optional.refine((v) => v === undefined || (Number.isFinite(Number(v)) && check(Number(v))), message).transform((v) => (v === undefined ? undefined : Number(v)));

// owner/name or owner/* (GitHub's own rules for the names: letters, digits, '-', '_' and '.').
const REPO_PATTERN = /^[A-Za-z0-9-]+\/(\*|[A-Za-z0-9._-]+)$/;
const repoList = optional
  .transform((v) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean)))
  .refine((list) => list === undefined || list.every((p) => REPO_PATTERN.test(p)),
    'GITHUB_REPOS must be a comma-separated list of owner/name or owner/* (for example octo/app,octo-org/*)');
// AES-256 wants 32 bytes: base64, base64url or hex, as `openssl rand -base64 32` prints them.
const secretsKey = optional.refine((v) => v === undefined || keyBytes(v)?.length === 32,
  'WEBHOOK_SECRETS_KEY must be 32 random bytes in base64 or hex; make one with `openssl rand -base64 32`');

/** The 32 bytes of a WEBHOOK_SECRETS_KEY written in hex or base64(url), or undefined. */
export function keyBytes(text: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return undefined;
}

export const hostileInputSchema = {
  // Repositories whose deliveries are handled; the rest are answered 202 {ignored} and do no work.
  GITHUB_REPOS: repoList,
  // The key per-repository webhook secrets (`repo add`) are encrypted with in the database. The dev
  // stack generates one into DATA_DIR/dev-secrets.json; a server on DATABASE_URL needs it set.
  WEBHOOK_SECRETS_KEY: secretsKey,
  // Unauthenticated bodies being read at once, all requests together: past it a delivery waits for
  // GitHub's redelivery (503) instead of the server's memory growing with every open request.
  WEBHOOK_MAX_INFLIGHT_MB: z.coerce.number().int('WEBHOOK_MAX_INFLIGHT_MB must be a whole number of MB')
    .min(26, 'WEBHOOK_MAX_INFLIGHT_MB must be at least 26 (one 25 MB delivery must fit)').max(4096, 'WEBHOOK_MAX_INFLIGHT_MB must be at most 4096').default(64),
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
  /** owner/name or owner/* patterns; undefined: every repository. */
  repoAllowlist: string[] | undefined;
  /** Encrypts per-repository webhook secrets at rest; from DATA_DIR in the dev stack when unset. */
  webhookSecretsKey: Buffer | undefined;
  webhookMaxInflightBytes: number;
  embeddedIdleTxTimeoutMs: number;
  metricsHost: string;
  /** Past either cap the offline model triages the issue, and the dashboard says why. */
  llmBudget: { dailyUsdPerRepo: number | undefined; maxCallsPerAuthorPerDay: number | undefined };
}

type Parsed = { [K in keyof typeof hostileInputSchema]: z.infer<(typeof hostileInputSchema)[K]> };

export function hostileInputSettings(e: Parsed): HostileInputSettings {
  return {
    repoAllowlist: e.GITHUB_REPOS,
    webhookSecretsKey: e.WEBHOOK_SECRETS_KEY === undefined ? undefined : keyBytes(e.WEBHOOK_SECRETS_KEY),
    webhookMaxInflightBytes: e.WEBHOOK_MAX_INFLIGHT_MB * 1024 * 1024,
    embeddedIdleTxTimeoutMs: e.EMBEDDED_IDLE_TX_TIMEOUT,
    metricsHost: e.METRICS_HOST,
    llmBudget: { dailyUsdPerRepo: e.LLM_DAILY_BUDGET_USD, maxCallsPerAuthorPerDay: e.LLM_MAX_CALLS_PER_AUTHOR_PER_DAY },
  };
}
