import { githubStatus, split, type GithubClients } from './client';

// A repository is known by its id: its name changes when it is renamed or transferred, and another
// repository may then take the old name. Before Triageflow writes, the name it has is checked against
// the id on record, every time (a name checked a minute ago may belong to another repository now); when
// they no longer agree, GET /repositories/{id} gives the current name.

export type ResolvedRepo = { fullName: string } | { error: string };

export interface RepoIdentity {
  /** The current full name of repository `repoId`, checked against GitHub, or why it cannot be written to. */
  resolve(repoId: number, nameOnRecord: string, installationId?: number): Promise<ResolvedRepo>;
}

export function createRepoIdentity(github: GithubClients): RepoIdentity {
  return {
    async resolve(repoId, nameOnRecord, installationId) {
      const octokit = await github.forRepo(nameOnRecord, installationId);
      const [owner, repo] = split(nameOnRecord);
      try {
        // GitHub follows a rename of this name to the same repository, whose id then still matches.
        const { data } = await octokit.repos.get({ owner, repo });
        if (data.id === repoId) return { fullName: data.full_name };
      } catch (err) {
        if (githubStatus(err) !== 404) throw err;
      }
      try {
        const { data } = await octokit.request('GET /repositories/{repository_id}', { repository_id: repoId });
        return { fullName: (data as { full_name: string }).full_name };
      } catch (err) {
        if (githubStatus(err) !== 404 && githubStatus(err) !== 403) throw err;
        return {
          error: `${nameOnRecord} is now another repository than the one Triageflow triaged (id ${repoId}), and GitHub does not show repository ${repoId} to Triageflow `
            + `(${githubStatus(err)}): it was deleted, or the token or App lost access to it. Nothing was written.`,
        };
      }
    },
  };
}
