import type { Logger } from '../log';
import type { RepoLabel } from '../ai/types';
import { githubStatus, split, type GithubClients } from './client';
import { DEFAULT_REPO_CONFIG, parseRepoConfig, REPO_CONFIG_PATH, RepoConfigError, type RepoConfig } from './repo-config';
import type { WriteBackStore } from './write-back-store';

export interface LoadedRepoConfig {
  config: RepoConfig;
  /** Why the repository's file was not used (a parse error); the defaults apply meanwhile. */
  error: string | null;
}

export interface RepoConfigSource {
  load(repoFullName: string, repoId: number, installationId?: number): Promise<LoadedRepoConfig>;
}

/**
 * Reads `.github/triageflow.yml` through the contents API, cached in the database for every worker:
 * until the TTL runs out or a push to the default branch marks it stale. An absent file means the
 * defaults; a bad one means the defaults plus an error shown with the issue, never a failed triage.
 */
export function createRepoConfigSource(deps: {
  github: GithubClients;
  store: WriteBackStore;
  ttlMs: number;
  /** The file's label set is the one the model chooses from. */
  rememberLabels: (repoId: number, labels: RepoLabel[]) => Promise<void>;
  log: Logger;
}): RepoConfigSource {
  return {
    async load(repoFullName, repoId, installationId) {
      // Without credentials there is no way to read the file: the defaults (a dry run) apply.
      if (!deps.github.configured) return { config: DEFAULT_REPO_CONFIG, error: null };
      const cached = await deps.store.cachedConfig(repoFullName, deps.ttlMs);
      if (cached?.fresh) return { config: fromCache(cached.config), error: cached.error };
      let loaded: LoadedRepoConfig;
      try {
        const text = await fetchFile(deps.github, repoFullName, installationId);
        loaded = { config: text === null ? DEFAULT_REPO_CONFIG : parseRepoConfig(text), error: null };
      } catch (err) {
        if (err instanceof RepoConfigError) {
          deps.log.warn({ repo: repoFullName, error: err.message }, 'repository config rejected');
          loaded = { config: DEFAULT_REPO_CONFIG, error: err.message };
        } else if (cached) {
          // GitHub unreachable: the last reading beats failing the write-back; without one, Temporal retries.
          return { config: fromCache(cached.config), error: cached.error };
        } else {
          throw err;
        }
      }
      await deps.store.cacheConfig(repoFullName, loaded.error ? null : loaded.config, loaded.error);
      if (loaded.config.labels.length) await deps.rememberLabels(repoId, loaded.config.labels);
      return loaded;
    },
  };
}

// A reading cached by an older version lacks the keys added since: they take their defaults.
const fromCache = (config: unknown): RepoConfig => ({ ...DEFAULT_REPO_CONFIG, ...(config as Partial<RepoConfig> | null) });

/** The file's text on the default branch, or null when the repository has none. */
async function fetchFile(github: GithubClients, repoFullName: string, installationId?: number): Promise<string | null> {
  const [owner, repo] = split(repoFullName);
  const octokit = await github.forRepo(repoFullName, installationId);
  try {
    const { data } = await octokit.repos.getContent({ owner, repo, path: REPO_CONFIG_PATH });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
      throw new RepoConfigError(`${REPO_CONFIG_PATH} in ${repoFullName} is not a file; make it a YAML file or remove it.`);
    }
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (err) {
    if (githubStatus(err) === 404) return null;
    throw err;
  }
}
