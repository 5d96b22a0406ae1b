import { split, type GithubApi } from '../github/client';

// A webhook's delivery log as GitHub keeps it (3 days): a repository's hook, read with the token or
// the App's installation, or a GitHub App's own hook, read with the App's JWT. The sweep reads both
// through this one shape.

/** One attempt in the log, as GitHub lists it (newest first). */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action: string | null;
  repository_id: number | null;
}

export interface DeliveryLog {
  /** Names the hook in the sweep's records: `app`, or `repo:<repo id>:<hook id>`. */
  key: string;
  /** The high-water mark's scope. */
  scope: string;
  /** Pages of the log, newest first, following GitHub's cursor links. */
  pages(): AsyncIterable<HookDelivery[]>;
  /** The delivery's request payload, as GitHub sent it. */
  payload(deliveryId: number): Promise<unknown>;
  /** Asks GitHub to send the delivery again (a new attempt under the same guid). */
  redeliver(deliveryId: number): Promise<void>;
}

export function repoHookLog(octokit: GithubApi, repo: { id: number; full_name: string }, hookId: number): DeliveryLog {
  const [owner, name] = split(repo.full_name);
  const at = { owner, repo: name, hook_id: hookId };
  return {
    key: `repo:${repo.id}:${hookId}`,
    scope: `hook:${repo.id}:${hookId}`,
    pages: () => pagesOf(octokit.paginate.iterator(octokit.repos.listWebhookDeliveries, { ...at, per_page: 100 })),
    payload: async (id) => (await octokit.repos.getWebhookDelivery({ ...at, delivery_id: id })).data.request.payload,
    redeliver: async (id) => void (await octokit.repos.redeliverWebhookDelivery({ ...at, delivery_id: id })),
  };
}

/** The App's own webhook: one log for every installation; Octokit signs these calls with the App's JWT. */
export function appHookLog(app: GithubApi): DeliveryLog {
  return {
    key: 'app',
    scope: 'app-hook',
    pages: () => pagesOf(app.paginate.iterator(app.apps.listWebhookDeliveries, { per_page: 100 })),
    payload: async (id) => (await app.apps.getWebhookDelivery({ delivery_id: id })).data.request.payload,
    redeliver: async (id) => void (await app.apps.redeliverWebhookDelivery({ delivery_id: id })),
  };
}

async function* pagesOf(iterator: AsyncIterable<{ data: unknown }>): AsyncIterable<HookDelivery[]> {
  for await (const page of iterator) yield page.data as HookDelivery[];
}
