import type { SweepSettings } from '../config/github';
import type { SweepError } from '../domain/sweep';
import { githubStatus, split, type GithubApi } from '../github/client';
import type { RestRepository } from './issue-delivery';
import { messageOf } from './repository';

// Which of a repository's webhooks is Triageflow's: the one GITHUB_HOOK_ID names for it, else the one
// posting to PUBLIC_URL/webhooks/github, else the one GITHUB_HOOK_ID names for every repository.

export const WEBHOOK_PATH = '/webhooks/github';

export const HOOK_PERMISSION = 'a classic token needs the admin:repo_hook scope, a fine-grained token the repository permission "Webhooks: read and write"';

export type FoundHook = { hookId: number } | { problem: SweepError };

interface RestHook { id: number; active: boolean; config: { url?: string } }

export async function findRepoHook(octokit: GithubApi, repo: RestRepository, opts: { publicUrl: string | undefined; hookIds: SweepSettings['hookIds'] }): Promise<FoundHook> {
  const [owner, name] = split(repo.full_name);
  const problem = (message: string): FoundHook => ({ problem: { repo: repo.full_name, part: 'deliveries', message } });
  let hooks: RestHook[];
  try {
    hooks = (await octokit.paginate(octokit.repos.listWebhooks, { owner, repo: name, per_page: 100 })) as RestHook[];
  } catch (err) {
    const status = githubStatus(err);
    if (status !== 403 && status !== 404) throw err;
    return problem(`GitHub refused to list the webhooks of ${repo.full_name} (${status}: ${messageOf(err)}), so failed deliveries are not redelivered: ${HOOK_PERMISSION}. Its issues are still reconciled.`);
  }
  const wantedUrl = opts.publicUrl ? `${opts.publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}` : undefined;
  const named = opts.hookIds.byRepo[repo.full_name.toLowerCase()];
  const hook = (named !== undefined ? hooks.find((h) => h.id === named) : undefined)
    ?? (wantedUrl ? hooks.find((h) => h.config.url !== undefined && sameUrl(h.config.url, wantedUrl)) : undefined)
    ?? (opts.hookIds.all !== undefined ? hooks.find((h) => h.id === opts.hookIds.all) : undefined);
  if (!hook) {
    const posts = hooks.map((h) => `${h.id} → ${h.config.url ?? '?'}`).join(', ') || 'none';
    const wanted = [named ?? opts.hookIds.all, wantedUrl].filter((w) => w !== undefined).join(' or ');
    return problem(`No webhook of ${repo.full_name} is ${wanted} (its webhooks: ${posts}), so failed deliveries are not redelivered. Set PUBLIC_URL to the address the webhook posts to, or GITHUB_HOOK_ID=${repo.full_name}=ID.`);
  }
  if (!hook.active) return problem(`The webhook ${hook.id} of ${repo.full_name} is inactive, so GitHub sends it nothing: activate it in the repository's Settings → Webhooks.`);
  return { hookId: hook.id };
}

function sameUrl(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.origin === y.origin && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
