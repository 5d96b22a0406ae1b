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
};

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
  };
}
