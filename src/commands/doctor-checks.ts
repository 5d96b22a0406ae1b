import type { Config } from '../config';

// What `doctor` judges, from the configuration and what the database knows (gathered in doctor.ts).
// Each finding says what is wrong, why it matters and what to change. Pure, so every rule is tested on
// its own.

export type Severity = 'problem' | 'warning' | 'ok';

export interface Finding {
  severity: Severity;
  /** Short name of the check, for --json and tests. */
  check: string;
  message: string;
  /** What to change (problems and warnings). */
  fix?: string;
}

export interface DoctorFacts {
  config: Config;
  /** The dev stack generated the webhook secret and dashboard token (nothing set in the environment). */
  generatedSecrets: boolean;
  /** The mode of DATA_DIR when the embedded database keeps its files there. */
  dataDirMode?: number;
  /** What the database says; undefined when it could not be read. */
  database?: { repositories: number; privateRepositories: number; reposWithOwnSecret: number };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const COMMON = /^(secret|password|changeme|token|test|admin|github|webhook|dashboard|triageflow|123456|qwerty)/i;

/** Why a secret is weak, or undefined: long and varied enough to stand up to guessing offline. */
export function secretWeakness(value: string): string | undefined {
  if (value.length < 24) return `it is ${value.length} characters long; use at least 24 random ones`;
  if (new Set(value).size < 10) return 'it repeats a few characters; use random ones';
  if (COMMON.test(value)) return 'it starts with a common word; use random characters';
  return undefined;
}

const RANDOM = 'e.g. `openssl rand -base64 32`';

export function doctorFindings(f: DoctorFacts): Finding[] {
  const c = f.config;
  const out: Finding[] = [];
  const add = (severity: Severity, check: string, message: string, fix?: string) => out.push({ severity, check, message, ...(fix ? { fix } : {}) });

  // Secrets.
  if (c.insecureNoWebhookSecret && !c.webhookSecrets.length) {
    add('problem', 'webhook-secret', 'TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET is on and no GITHUB_WEBHOOK_SECRET is set: anyone who reaches the server can send deliveries.', 'Set GITHUB_WEBHOOK_SECRET to the secret configured on GitHub and unset TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET.');
  }
  const secrets: [string, string | undefined][] = [['DASHBOARD_TOKEN', c.dashboardToken], ['METRICS_TOKEN', c.metricsToken], ...c.webhookSecrets.map((s, i): [string, string] => [i ? `GITHUB_WEBHOOK_SECRET (entry ${i + 1})` : 'GITHUB_WEBHOOK_SECRET', s])];
  for (const [name, value] of secrets) {
    const weakness = value === undefined || f.generatedSecrets ? undefined : secretWeakness(value);
    if (weakness) add('problem', 'weak-secret', `${name} is weak: ${weakness}.`, `Replace it with a random value, ${RANDOM}${name.startsWith('GITHUB') ? ', on GitHub and here' : ''}.`);
  }
  if (c.dashboardToken && c.webhookSecrets.includes(c.dashboardToken)) {
    add('problem', 'reused-secret', 'DASHBOARD_TOKEN equals GITHUB_WEBHOOK_SECRET: whoever can read the webhook settings of a repository can also correct every issue.', `Give each its own random value (${RANDOM}).`);
  }

  // Several repositories behind one secret.
  const repos = f.database?.repositories ?? 0;
  const listed = c.guard.repoAllowlist;
  const withOwn = f.database?.reposWithOwnSecret ?? 0;
  // A repository with a secret of its own accepts only that one: the risk is among those left on the shared secret.
  const listsSeveral = listed !== undefined && (listed.length > 1 || listed.some((p) => p.endsWith('/*')));
  const sharing = repos - withOwn >= 2 || (listsSeveral && withOwn === 0);
  if (sharing && !c.github.appId && c.webhookSecrets.length) {
    const seen = f.database ? [`${repos} seen`, ...(withOwn ? [`${withOwn} with a secret of their own`] : [])] : [];
    const why = [...seen, ...(listsSeveral ? [`GITHUB_REPOS lists ${listed!.join(', ')}`] : [])].join('; ');
    add('warning', 'shared-secret', `GITHUB_WEBHOOK_SECRET is shared by several repositories (${why}): an admin of any one of them can read it in the webhook settings and sign deliveries for the others — fake issues, corrections by any login (which also train the model), and writes with your GitHub token.`,
      'Give each repository its own secret with `npm run cli -- repo add owner/name`, or use a GitHub App, whose one webhook secret only you know.');
  }
  if (!listed && repos > 1) {
    add('warning', 'no-allowlist', `GITHUB_REPOS is not set: deliveries from any repository signed with a known secret are triaged (${repos} repositories seen).`, 'Set GITHUB_REPOS=owner/name,owner/* to the repositories you mean to triage; others are answered 202 {ignored} and do no work.');
  }
  if (withOwn > 0 && !c.guard.webhookSecretsKey && c.databaseUrl) {
    add('problem', 'secrets-key', `${withOwn} repositories have secrets of their own, but WEBHOOK_SECRETS_KEY is not set: the servers cannot read them and refuse to start.`, 'Set WEBHOOK_SECRETS_KEY to the key `repo add` used, on every server.');
  }

  // Reading.
  if (c.dashboardPublicRead) {
    const privateRepos = f.database?.privateRepositories;
    if (privateRepos === undefined) add('warning', 'public-read', 'DASHBOARD_PUBLIC_READ is on; whether any repository is private could not be read from the database.', 'Run doctor where it can reach the database (DATABASE_URL, or with `npm run dev` running).');
    else if (privateRepos > 0) {
      add('warning', 'public-read', `DASHBOARD_PUBLIC_READ is on and ${privateRepos} of the ${repos} repositories are private: their issues are hidden from readers without the token, but one deployment serving public and private repositories is one misconfiguration away from showing them.`,
        'Serve private repositories from a deployment without DASHBOARD_PUBLIC_READ, or unset it here.');
    }
  }

  // Exposure.
  const host = c.host;
  const https = c.publicUrl?.startsWith('https://') ?? false;
  if (!LOOPBACK.has(host) && !https) {
    add('problem', 'exposure', `HOST is ${host}: the server listens beyond this machine, and PUBLIC_URL ${c.publicUrl ? `is ${c.publicUrl}` : 'is not set'}, so nothing says TLS is in front. Webhook bodies, the dashboard token and issue text would cross the network in the clear.`,
      'Put a TLS-terminating proxy in front (Caddy, nginx, a cloud load balancer) and set PUBLIC_URL=https://your-host, or set HOST=127.0.0.1 to listen on this machine only.');
  }
  if (!LOOPBACK.has(c.guard.metricsHost) && !c.metricsToken) {
    add('warning', 'metrics', `METRICS_HOST is ${c.guard.metricsHost} and METRICS_TOKEN is not set: anyone who reaches METRICS_PORT ${c.metricsPort} can scrape.`, 'Keep METRICS_PORT on a private network, or set METRICS_TOKEN and give it to the scraper.');
  }
  if (c.databaseUrl) {
    const url = new URL(c.databaseUrl);
    if (!LOOPBACK.has(url.hostname) && !/sslmode=(require|verify-ca|verify-full)/.test(url.search)) {
      add('warning', 'database-tls', `DATABASE_URL points at ${url.hostname} without sslmode=require: issue text and credentials may cross the network in the clear.`, 'Add ?sslmode=verify-full (or require) to DATABASE_URL.');
    }
  }
  if (f.dataDirMode !== undefined && f.dataDirMode & 0o077) {
    add('problem', 'data-dir', `DATA_DIR ${c.dataDir} is readable by other users (mode ${f.dataDirMode.toString(8)}): it holds the embedded database and its password.`, `chmod 700 ${c.dataDir}`);
  }

  // Cost.
  if (c.ai.openaiApiKey) {
    const missing = [c.guard.llmBudget.dailyUsdPerRepo === undefined && 'LLM_DAILY_BUDGET_USD', c.guard.llmBudget.maxCallsPerAuthorPerDay === undefined && 'LLM_MAX_CALLS_PER_AUTHOR_PER_DAY'].filter(Boolean);
    if (missing.length) {
      add('warning', 'budget', `A paid model is configured (OPENAI_API_KEY) without ${missing.join(' and ')}: anyone who can open or edit issues decides how many calls you pay for.`,
        'Set LLM_DAILY_BUDGET_USD (USD per repository per day, e.g. 5) and LLM_MAX_CALLS_PER_AUTHOR_PER_DAY (e.g. 20); past them the offline model triages.');
    }
  }

  if (!out.some((x) => x.severity !== 'ok')) add('ok', 'all', 'Nothing to change for the checks doctor knows.');
  return out;
}
