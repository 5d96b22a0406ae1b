import type { WriteBackStore } from './write-back-store';
import { REPO_CONFIG_PATH } from './repo-config';

/**
 * A push to a repository's default branch marks its cached .github/triageflow.yml stale, so the next
 * write-back reads it again instead of waiting for REPO_CONFIG_TTL. Other branches change nothing.
 */
export function pushRefreshesRepoConfig(store: WriteBackStore) {
  return async (payload: unknown): Promise<{ refreshed: boolean; reason: string }> => {
    const p = payload as { ref?: string; repository?: { full_name?: string; default_branch?: string } } | null;
    const repo = p?.repository?.full_name;
    if (!repo || !p?.ref) return { refreshed: false, reason: 'a push without ref and repository changes nothing' };
    if (p.ref !== `refs/heads/${p.repository?.default_branch}`) return { refreshed: false, reason: `${p.ref} is not the default branch, whose ${REPO_CONFIG_PATH} is the one used` };
    await store.markConfigStale(repo);
    return { refreshed: true, reason: `${REPO_CONFIG_PATH} of ${repo} will be read again` };
  };
}
