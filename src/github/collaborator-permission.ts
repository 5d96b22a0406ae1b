import { githubStatus, split, type GithubClients } from './client';

// A label edit on GitHub becomes a correction (it sets the triage and trains the model) only when GitHub
// says its sender may triage the repository: triage, write, maintain or admin. The sender is what the
// delivery says, and with a webhook secret shared by several repositories a delivery can be forged by
// any of their admins; GitHub's own answer about the login cannot. Answers are kept for a while, as a
// busy labeler would otherwise cost a call per label.

const TRIAGE_OR_HIGHER = new Set(['triage', 'write', 'maintain', 'admin']);
const KEPT_MS = 10 * 60_000;
const KEPT_MAX = 5_000;

export interface PermissionAnswer {
  /** GitHub says the login may triage the repository. */
  mayTriage: boolean;
  /** What GitHub said (its role name), or why it could not be asked. */
  role: string;
}

export interface PermissionChecker {
  mayTriage(repoFullName: string, login: string, installationId?: number): Promise<PermissionAnswer>;
}

export function createPermissionChecker(github: GithubClients, opts: { keptMs?: number; now?: () => number } = {}): PermissionChecker {
  const now = opts.now ?? Date.now;
  const kept = new Map<string, { answer: PermissionAnswer; at: number }>();
  return {
    async mayTriage(repoFullName, login, installationId) {
      if (!github.configured) return { mayTriage: false, role: 'unknown: no GITHUB_TOKEN or GitHub App to ask GitHub with' };
      const key = `${repoFullName.toLowerCase()}#${login.toLowerCase()}`;
      const hit = kept.get(key);
      if (hit && now() - hit.at < (opts.keptMs ?? KEPT_MS)) return hit.answer;
      const [owner, repo] = split(repoFullName);
      let answer: PermissionAnswer;
      try {
        const { data } = await (await github.forRepo(repoFullName, installationId)).repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
        // `permissions.triage` covers custom roles built on triage or higher; `role_name` the built-in ones.
        const mayTriage = data.user?.permissions?.triage === true || TRIAGE_OR_HIGHER.has(data.role_name);
        answer = { mayTriage, role: data.role_name || data.permission };
      } catch (err) {
        const status = githubStatus(err);
        // 404: not a collaborator (or not visible to Triageflow); 403: the token may not ask. Neither is
        // permission to triage. Anything else (5xx, the network) is retried by the activity's policy.
        if (status !== 404 && status !== 403) throw err;
        answer = { mayTriage: false, role: status === 404 ? 'none (not a collaborator)' : `unknown: GitHub refused to say (403: ${(err as Error).message})` };
      }
      if (kept.size >= KEPT_MAX) kept.clear();
      kept.set(key, { answer, at: now() });
      return answer;
    },
  };
}
