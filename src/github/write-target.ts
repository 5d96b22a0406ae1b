import { split, type GithubApi, type GithubClients } from './client';

// Where an issue lives on GitHub when Triageflow writes to it. Every write path resolves its target here,
// once per activity, so a check that must come before any write (that the repository is still the one
// on record, say) has one place to sit.

export interface IssueRef {
  repoId: number;
  repoFullName: string;
  number: number;
  /** The App installation that delivered the issue's events, when known. */
  installationId?: number;
}

export interface IssueTarget {
  owner: string;
  repo: string;
  number: number;
  octokit: GithubApi;
}

export async function resolveIssueTarget(github: GithubClients, ref: IssueRef): Promise<IssueTarget> {
  const [owner, repo] = split(ref.repoFullName);
  const octokit = await github.forRepo(ref.repoFullName, ref.installationId);
  return { owner, repo, number: ref.number, octokit };
}
