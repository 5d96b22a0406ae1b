import { githubStatus, split, type GithubClients } from '../../github/client';
import type { Logger } from '../../log';
import type { AssistantStore } from '../store';
import { ISSUE_TEMPLATE_DIR, isTemplateFile, parseTemplate, type IssueTemplate } from './templates';

export interface TemplateSource {
  load(repoFullName: string, installationId?: number): Promise<IssueTemplate[]>;
}

// GitHub shows at most a handful of templates in its chooser; a folder with more is not read past this.
const MAX_TEMPLATES = 20;

/**
 * The repository's issue templates from .github/ISSUE_TEMPLATE/ on its default branch, through the
 * contents API, cached in the database like .github/triageflow.yml: until the TTL runs out or a push
 * to the default branch marks them stale. No folder means no templates; GitHub unreachable means the
 * last reading, or none.
 */
export function createTemplateSource(deps: { github: GithubClients; store: AssistantStore; ttlMs: number; log: Logger }): TemplateSource {
  return {
    async load(repoFullName, installationId) {
      if (!deps.github.configured) return [];
      const cached = await deps.store.cachedTemplates(repoFullName, deps.ttlMs);
      if (cached?.fresh) return cached.templates as IssueTemplate[];
      let templates: IssueTemplate[];
      try {
        templates = await fetchTemplates(deps.github, repoFullName, installationId);
      } catch (err) {
        deps.log.warn({ repo: repoFullName, err: (err as Error).message }, 'issue templates not read; using the last reading');
        return (cached?.templates as IssueTemplate[] | undefined) ?? [];
      }
      await deps.store.cacheTemplates(repoFullName, templates);
      return templates;
    },
  };
}

async function fetchTemplates(github: GithubClients, repoFullName: string, installationId?: number): Promise<IssueTemplate[]> {
  const [owner, repo] = split(repoFullName);
  const octokit = await github.forRepo(repoFullName, installationId);
  let listing;
  try {
    listing = (await octokit.repos.getContent({ owner, repo, path: ISSUE_TEMPLATE_DIR })).data;
  } catch (err) {
    if (githubStatus(err) === 404) return [];
    throw err;
  }
  if (!Array.isArray(listing)) return [];
  const files = listing.filter((f) => f.type === 'file' && isTemplateFile(f.name)).slice(0, MAX_TEMPLATES);
  const templates: IssueTemplate[] = [];
  for (const f of files) {
    const { data } = await octokit.repos.getContent({ owner, repo, path: f.path });
    if (Array.isArray(data) || !('content' in data)) continue;
    const parsed = parseTemplate(f.name, Buffer.from(data.content, 'base64').toString('utf8'));
    if (parsed) templates.push(parsed);
  }
  return templates;
}
