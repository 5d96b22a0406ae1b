import { split, type GithubApi, type GithubClients } from './client';
import type { RepoIdentity } from './repo-identity';
import type { WriteGuard } from './write-guard';

// Where an issue lives on GitHub when Triageflow writes to it. Every write path resolves its target here,
// once per activity, so the check that must come before any write (that the repository is still the
// one on record, by its id) has one place to sit: a target exists only for the right repository.

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
  /** The repository's current full name (after a rename, not the one on record). */
  fullName: string;
  number: number;
  octokit: GithubApi;
}

export interface WriteTargetDeps {
  github: GithubClients;
  repoIdentity: RepoIdentity;
  /** GitHub agrees the delivery's App installation is the repository's (write-guard.ts, issue 23). */
  writeGuard: WriteGuard;
}

/**
 * Nothing may be written: the name on record belongs to another repository now and repository `repoId`
 * is not to be found, or the delivery's App installation is not the repository's.
 */
export class RepoIdentityError extends Error {
  override readonly name = 'RepoIdentityError';
}

/** The issue under its repository's current name; throws RepoIdentityError when that repository is gone. */
export async function resolveIssueTarget(deps: WriteTargetDeps, ref: IssueRef): Promise<IssueTarget> {
  // Nothing goes to GitHub through an installation GitHub does not name for the repository.
  const guard = await deps.writeGuard.check({ repoFullName: ref.repoFullName, installationId: ref.installationId });
  if (!guard.ok) throw new RepoIdentityError(guard.reason);
  const installationId = guard.installationId ?? ref.installationId;
  const resolved = await deps.repoIdentity.resolve(ref.repoId, ref.repoFullName, installationId);
  if ('error' in resolved) throw new RepoIdentityError(resolved.error);
  const [owner, repo] = split(resolved.fullName);
  const octokit = await deps.github.forRepo(resolved.fullName, installationId);
  return { owner, repo, fullName: resolved.fullName, number: ref.number, octokit };
}
