import { Octokit } from '@octokit/rest';
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../log';
import type { GithubSettings } from '../config/github';

// One Octokit class for every call: throttling follows GitHub's rate-limit headers (and its secondary
// limit's Retry-After), retry repeats 5xx and network errors a few times. Temporal's retry policy is the
// long backoff above both (workflows/activity-options.ts: githubActivity).
const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubApi = InstanceType<typeof GithubOctokit>;

export interface GithubClients {
  /** False when neither GITHUB_TOKEN nor a GitHub App is configured: write-back can only be a dry run. */
  configured: boolean;
  /** A client for a repository; a GitHub App needs the installation id (from the webhook payload, or looked up). */
  forRepo(repoFullName: string, installationId?: number): Promise<GithubApi>;
  /** The login of Triageflow's own GitHub user, whose label events are not corrections. */
  botLogin(): Promise<string | undefined>;
  /** The GitHub App itself, signed with its JWT (the App's own endpoints, e.g. its webhook's deliveries); undefined without an App. */
  app: GithubApi | undefined;
}

// GitHub's guidance: retry a rate-limited request at most a couple of times, then back off for real.
const RATE_LIMIT_RETRIES = 2;

export function createGithubClients(settings: GithubSettings, log: Logger): GithubClients {
  const make = (auth: ConstructorParameters<typeof GithubOctokit>[0]) => new GithubOctokit({
    baseUrl: settings.apiUrl,
    userAgent: 'triageflow',
    // Not `request.retries`: plugin-retry reads that on every failure and would repeat a 403 or 404 too.
    retry: { retries: 2 },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log.warn({ retryAfter, url: options.url, retryCount }, 'GitHub rate limit reached');
        return retryCount < RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        log.warn({ retryAfter, url: options.url, retryCount }, 'GitHub secondary rate limit reached');
        return retryCount < RATE_LIMIT_RETRIES;
      },
    },
    ...auth,
  });

  const app = settings.appId && settings.appPrivateKey ? { appId: settings.appId, privateKey: settings.appPrivateKey } : undefined;
  const tokenClient = settings.token && !app ? make({ auth: settings.token }) : undefined;
  const appClient = app ? make({ authStrategy: createAppAuth, auth: app }) : undefined;
  const anonymous = make({});
  const installations = new Map<number, GithubApi>();
  const installationOfRepo = new Map<string, number>();
  let login: Promise<string | undefined> | undefined;

  async function installationFor(repoFullName: string, given?: number): Promise<number> {
    if (given) return given;
    const known = installationOfRepo.get(repoFullName);
    if (known) return known;
    const [owner, repo] = split(repoFullName);
    const { data } = await appClient!.apps.getRepoInstallation({ owner, repo });
    installationOfRepo.set(repoFullName, data.id);
    return data.id;
  }

  return {
    configured: Boolean(tokenClient ?? appClient),
    app: appClient,
    async forRepo(repoFullName, installationId) {
      if (tokenClient) return tokenClient;
      if (!appClient) return anonymous;
      const id = await installationFor(repoFullName, installationId);
      let client = installations.get(id);
      // auth-app caches the installation token and renews it before its hour runs out.
      if (!client) installations.set(id, (client = make({ authStrategy: createAppAuth, auth: { ...app, installationId: id } })));
      return client;
    },
    botLogin() {
      if (settings.botLogin) return Promise.resolve(settings.botLogin);
      login ??= (async () => {
        if (tokenClient) return (await tokenClient.users.getAuthenticated()).data.login;
        if (appClient) return `${(await appClient.apps.getAuthenticated()).data?.slug}[bot]`;
        return undefined;
      })().catch((err: unknown) => {
        login = undefined;
        throw err;
      });
      return login;
    },
  };
}

export function split(repoFullName: string): [string, string] {
  const [owner, repo] = repoFullName.split('/');
  if (!owner || !repo) throw new Error(`"${repoFullName}" is not a repository name of the form owner/name.`);
  return [owner, repo];
}

/** The HTTP status of an Octokit RequestError, if the failure was one. */
export function githubStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
