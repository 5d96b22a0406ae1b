import type { RepoConfig } from '../github/repo-config';

// The score from which a similar older issue is set as "duplicate of", per repository: its
// `.github/triageflow.yml` may name one (`duplicates.threshold: 0.8`), or `auto` for the one its last
// backtest found (the lowest fused score with precision >= 0.95 on its own marked duplicates). Without
// either, or with `auto` and no backtest that found one, the global NEAR_DUPLICATE_THRESHOLD stays.
//
// The file is read as write-back last cached it, not from GitHub: classification is a local activity
// and makes no network call. A change to the file reaches the decision once write-back reads it again
// (a push to the default branch marks the cache stale; the TTL bounds the rest).

export interface DuplicateThresholds {
  forRepo(repo: { repoId: number; repoFullName: string }, globalDefault: number): Promise<number>;
}

export function createDuplicateThresholds(deps: {
  /** The repository's settings as last read, if they were. */
  configOf(repoFullName: string): Promise<Pick<RepoConfig, 'duplicateThreshold'> | null>;
  /** The automatic threshold of the repository's last backtest, if it found one. */
  autoThreshold(repoId: number): Promise<number | null>;
}): DuplicateThresholds {
  return {
    async forRepo(repo, globalDefault) {
      const wanted = (await deps.configOf(repo.repoFullName))?.duplicateThreshold ?? null;
      if (typeof wanted === 'number') return wanted;
      if (wanted === 'auto') return (await deps.autoThreshold(repo.repoId)) ?? globalDefault;
      return globalDefault;
    },
  };
}

/** The global default everywhere: for stores without repository settings (tests, evaluations). */
export const globalDuplicateThreshold: DuplicateThresholds = { forRepo: async (_repo, globalDefault) => globalDefault };
