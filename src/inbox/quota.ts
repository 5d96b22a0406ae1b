import type { Pace } from './pace';
import type { InboxStore } from './store';

// The door's one refusal: a repository holding INBOX_REPO_QUOTA pending deliveries gets 429 until the
// pace has forwarded some. Counting a repository's pending rows on every ack would cost a query each, so
// a count is reused while it is fresh, with this process's own admissions added: recounted every second
// once it is within a tenth of the quota, every half minute below that. Several servers may together
// admit a little past the quota; it is a guard against a flood, not an exact limit.

const RECOUNT_NEAR_MS = 1_000;
const RECOUNT_FAR_MS = 30_000;
const KNOWN_REPOS = 10_000;

export type QuotaDecision =
  | { admitted: true }
  | { admitted: false; pending: number; quota: number; retryAfterSeconds: number };

export interface RepoQuota {
  admit(repoId: number): Promise<QuotaDecision>;
}

export function createRepoQuota(deps: { store: Pick<InboxStore, 'pendingForRepo'>; quota: number; pace: Pace | null }): RepoQuota {
  const { quota } = deps;
  const known = new Map<number, { pending: number; at: number }>();
  return {
    async admit(repoId) {
      let k = known.get(repoId);
      const age = k ? Date.now() - k.at : Infinity;
      if (!k || age > RECOUNT_FAR_MS || (age > RECOUNT_NEAR_MS && k.pending >= quota / 10)) {
        if (known.size >= KNOWN_REPOS) known.clear();
        k = { pending: await deps.store.pendingForRepo(repoId, quota), at: Date.now() };
        known.set(repoId, k);
      }
      if (k.pending < quota) {
        k.pending++;
        return { admitted: true };
      }
      // Room comes back at the pace: the deliveries past the quota have to be forwarded first.
      const drainMs = deps.pace ? (k.pending - quota + 1) * deps.pace.intervalMs : 60_000;
      return { admitted: false, pending: k.pending, quota, retryAfterSeconds: Math.max(1, Math.ceil(drainMs / 1000)) };
    },
  };
}
