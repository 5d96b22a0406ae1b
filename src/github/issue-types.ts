import { githubStatus } from './client';
import type { IssueTarget } from './write-target';

// Why GitHub refused an issue type, in words that say what to change. Issue types belong to
// organizations: a repository of a user account has none, and an organization has only those it defines.

/** True for the refusals that retrying cannot fix (the labels are written all the same). */
export const isTypeRefusal = (err: unknown): boolean => [403, 404, 410, 422].includes(githubStatus(err) ?? 0);

export async function describeTypeRefusal(target: IssueTarget, name: string | null, err: unknown): Promise<string> {
  const status = githubStatus(err);
  const what = name === null ? 'clear the issue type' : `set the issue type "${name}"`;
  const message = (err as Error).message;
  const retry = 'The labels were written; the next triage or correction tries the type again.';
  if (status === 403 || status === 404) {
    return `GitHub refused to ${what} (${status}: ${message}). Setting a type needs "Issues: read and write" on ${target.owner}/${target.repo}, and the organization must allow it; or set mapping.type to null in .github/triageflow.yml. ${retry}`;
  }
  const known = await listTypes(target);
  const fix = 'Fix mapping.type in .github/triageflow.yml (or set it to null to write no types).';
  if (known === null) return `GitHub refused to ${what} (${status}: ${message}): ${target.owner} has no issue types (they belong to organizations that define them). ${fix} ${retry}`;
  return `GitHub refused to ${what} (${status}: ${message}): the organization ${target.owner} has ${known.length ? `the types ${known.map((t) => `"${t}"`).join(', ')}` : 'no issue types'}${name ? `, not "${name}"` : ''}. ${fix} ${retry}`;
}

/** The organization's issue types, or null when the owner has none to list (not an organization, or not visible). */
async function listTypes(target: IssueTarget): Promise<string[] | null> {
  try {
    const { data } = await target.octokit.request('GET /orgs/{org}/issue-types', { org: target.owner });
    return (data as { name: string }[]).map((t) => t.name);
  } catch {
    return null;
  }
}
