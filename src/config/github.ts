import { z } from 'zod';
import { envDuration, flag, optional } from './parsers';

// The GitHub API settings, a part of the configuration (index.ts). Like the rest
// of the configuration, values are never echoed: the token and the private key are secrets.


export const githubSchema = {
  GITHUB_TOKEN: optional,
  GITHUB_APP_ID: z.string().trim().regex(/^\d*$/, 'GITHUB_APP_ID must be the numeric App id from the App\'s settings page').optional().transform((v) => (v ? Number(v) : undefined)),
  // A PEM key in an environment variable often arrives with literal \n: turn them back into newlines.
  GITHUB_APP_PRIVATE_KEY: optional.transform((v) => v?.replace(/\\n/g, '\n')),
  GITHUB_API_URL: z.string().trim().regex(/^https?:\/\//, 'GITHUB_API_URL must be an http:// or https:// URL, e.g. https://github.example.com/api/v3').default('https://api.github.com'),
  GITHUB_BOT_LOGIN: optional,
  GITHUB_WRITE_BACK: flag.default(true),
  // How long a repository's .github/triageflow.yml is trusted before it is read again (a push to the
  // default branch refreshes it sooner).
  REPO_CONFIG_TTL: envDuration('REPO_CONFIG_TTL').prefault('10m'),

  // The reconciliation sweep (issue 22): a Temporal Schedule that queues the issues GitHub has and we never
  // received, and asks GitHub to redeliver the webhook deliveries that failed. GitHub keeps a hook's
  // deliveries for 3 days, so a longer interval would let failed ones expire between two sweeps.
  GITHUB_SWEEP_INTERVAL: z.preprocess((v) => (v === undefined || v === '' ? '1h' : v === '0' ? '0s' : v), envDuration('GITHUB_SWEEP_INTERVAL'))
    .refine((ms) => ms === 0 || ms >= 10_000, 'GITHUB_SWEEP_INTERVAL must be 0 (no sweep) or at least 10s: each sweep reads every repository\'s issues and deliveries from GitHub\'s rate-limited API')
    .refine((ms) => ms <= 3 * DAY_MS, 'GITHUB_SWEEP_INTERVAL must be at most 3d: GitHub keeps a webhook\'s deliveries for 3 days, and a failed one must be seen before it expires'),
  GITHUB_SWEEP_REPOS: optional.transform((v, ctx) => {
    const repos = (v ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    for (const r of repos.filter((r) => !REPO_NAME.test(r))) ctx.addIssue({ code: 'custom', message: `GITHUB_SWEEP_REPOS must list repositories as owner/name, comma-separated; "${r}" is not one` });
    return repos;
  }),
  GITHUB_SWEEP_LOOKBACK: envDuration('GITHUB_SWEEP_LOOKBACK').prefault('3d')
    .refine((ms) => ms >= 60_000 && ms <= 90 * DAY_MS, 'GITHUB_SWEEP_LOOKBACK must be from 1m to 90d'),
  GITHUB_HOOK_ID: optional.transform((v, ctx) => parseHookIds(v, (message) => ctx.addIssue({ code: 'custom', message }))),
};

const DAY_MS = 86_400_000;
const REPO_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** `GITHUB_HOOK_ID`: one id for every repository (the usual case: one repository), or `owner/name=id,…`. */
function parseHookIds(v: string | undefined, problem: (message: string) => void): SweepSettings['hookIds'] {
  const out: SweepSettings['hookIds'] = { byRepo: {} };
  if (!v) return out;
  if (/^\d+$/.test(v)) return { ...out, all: Number(v) };
  for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)=(\d+)$/.exec(part);
    if (!m || !REPO_NAME.test(m[1]!)) problem(`GITHUB_HOOK_ID must be a webhook id, or owner/name=id pairs comma-separated; "${part}" is neither (the id ends the webhook's settings URL, …/settings/hooks/ID)`);
    else out.byRepo[m[1]!.toLowerCase()] = Number(m[2]);
  }
  return out;
}

export interface GithubSettings {
  token: string | undefined;
  appId: number | undefined;
  appPrivateKey: string | undefined;
  apiUrl: string;
  /** The login whose label events are Triageflow's own; found from the token (GET /user) when unset. */
  botLogin: string | undefined;
  /** Runs the write-back step (dry run unless a repository's config turns it off). */
  writeBack: boolean;
  repoConfigTtlMs: number;
  /** The reconciliation sweep (issue 22). */
  sweep: SweepSettings;
}

export interface SweepSettings {
  /** Time between two scheduled sweeps; 0 turns the sweep off (the schedule is removed). */
  intervalMs: number;
  /** Swept besides every repository that has sent a delivery. */
  repos: string[];
  /** How far back the first sweep of a repository looks; later sweeps start from its high-water mark. */
  lookbackMs: number;
  /** The repository webhook to read deliveries from when none posts to PUBLIC_URL: one for all, or per repository (lower-case names). */
  hookIds: { all?: number; byRepo: Record<string, number> };
}

type Parsed = { [K in keyof typeof githubSchema]: z.infer<(typeof githubSchema)[K]> };

export function githubSettings(e: Parsed): GithubSettings {
  return {
    token: e.GITHUB_TOKEN,
    appId: e.GITHUB_APP_ID,
    appPrivateKey: e.GITHUB_APP_PRIVATE_KEY,
    apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
    botLogin: e.GITHUB_BOT_LOGIN,
    writeBack: e.GITHUB_WRITE_BACK,
    repoConfigTtlMs: e.REPO_CONFIG_TTL,
    sweep: { intervalMs: e.GITHUB_SWEEP_INTERVAL, repos: e.GITHUB_SWEEP_REPOS, lookbackMs: e.GITHUB_SWEEP_LOOKBACK, hookIds: e.GITHUB_HOOK_ID },
  };
}
