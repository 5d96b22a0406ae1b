import type { SweepError, SweepTarget } from '../domain/sweep';
import { githubStatus, split, type GithubApi } from '../github/client';
import type { RestRepository } from './issue-delivery';

// The repository as GitHub serves it now: its id, current name and visibility go into every payload the
// sweep queues. A name that now belongs to another repository is not swept under the old one's id.

export type Resolved = { repo: RestRepository } | { problem: SweepError };

export async function resolveRepository(octokit: GithubApi, target: SweepTarget): Promise<Resolved> {
  const [owner, repo] = split(target.fullName);
  try {
    // GitHub answers a renamed repository's old name with a redirect, which Octokit follows.
    const { data } = await octokit.repos.get({ owner, repo });
    if (target.repoId !== null && data.id !== target.repoId) {
      return { problem: { repo: target.fullName, part: 'repository', message: `${target.fullName} is now GitHub's repository ${data.id}, not ${target.repoId} whose deliveries Triageflow received: the repository was renamed and its old name taken. It is not swept under that name; deliveries from the renamed repository carry its new name and are swept under it.` } };
    }
    return { repo: { id: data.id, full_name: data.full_name, private: data.private ?? false } };
  } catch (err) {
    const status = githubStatus(err);
    if (status === 404 || status === 403 || status === 401) {
      return { problem: { repo: target.fullName, part: 'repository', message: `GitHub answers ${status} for ${target.fullName} (${messageOf(err)}): it does not exist, or the token (or the App's installation) cannot read it. Grant it access to the repository's issues, or remove the repository from GITHUB_SWEEP_REPOS.` } };
    }
    throw err;
  }
}

/** GitHub's own message of a refused request, without Octokit's " - https://docs..." suffix. */
export function messageOf(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '');
}
