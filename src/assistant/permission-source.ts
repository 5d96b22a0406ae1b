import { githubStatus, split, type GithubClients } from '../github/client';
import type { AssistantStore } from './store';

// Whether a person can write to a repository: the missing-information comment is never addressed to a
// maintainer. GitHub's collaborator permission is looked up once per TTL and shared by every worker.

const WRITERS = ['admin', 'maintain', 'write'];

export interface PermissionSource {
  /** 'admin', 'maintain', 'write', 'triage', 'read' or 'none'. */
  permission(repoFullName: string, login: string, installationId?: number): Promise<string>;
  canWrite(repoFullName: string, login: string, installationId?: number): Promise<boolean>;
}

export function createPermissionSource(deps: { github: GithubClients; store: AssistantStore; ttlMs: number }): PermissionSource {
  const source: PermissionSource = {
    async permission(repoFullName, login, installationId) {
      const cached = await deps.store.cachedPermission(repoFullName, login, deps.ttlMs);
      if (cached) return cached;
      const [owner, repo] = split(repoFullName);
      const octokit = await deps.github.forRepo(repoFullName, installationId);
      let permission: string;
      try {
        // role_name carries custom roles; permission is the base one they extend.
        const { data } = await octokit.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
        permission = WRITERS.includes(data.role_name) ? data.role_name : data.permission;
      } catch (err) {
        // 404: GitHub knows no such user (a deleted account): they cannot write.
        if (githubStatus(err) !== 404) throw err;
        permission = 'none';
      }
      await deps.store.cachePermission(repoFullName, login, permission);
      return permission;
    },
    canWrite: async (repoFullName, login, installationId) => WRITERS.includes(await source.permission(repoFullName, login, installationId)),
  };
  return source;
}
