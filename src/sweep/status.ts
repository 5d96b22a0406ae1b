import type { Logger } from '../log';
import type { SweepRunSummary, SweepStore } from './store';

// The sweep as /api/stats and the dashboard show it: whether it runs and, when not, why and what to set;
// what its last run did; and the schedule as Temporal holds it.

/** The schedule in Temporal: absent (no worker with credentials created it), paused, or when it runs next. */
export interface SweepScheduleState {
  id: string;
  exists: boolean;
  paused: boolean;
  nextRunAt: string | null;
}

export interface SweepStatus extends SweepRunSummary {
  enabled: boolean;
  /** Why the scheduled sweep is off, with what to set; null when it is on. */
  off: string | null;
  intervalSeconds: number;
  /** Null when Temporal could not be asked. */
  schedule: SweepScheduleState | null;
}

export const NO_CREDENTIALS = 'No GitHub credentials, so nothing can be read from GitHub: set GITHUB_TOKEN (a classic token with the repo and admin:repo_hook scopes, or a fine-grained one with Issues: read and Webhooks: read and write) or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY, and restart the worker.';

/** Why the sweep cannot run; `intervalMs` is left out for a sweep run by hand, which the interval does not concern. */
export function sweepOffReason(o: { configured: boolean; intervalMs: number | undefined }): string | null {
  if (!o.configured) return NO_CREDENTIALS;
  if (o.intervalMs === 0) return 'GITHUB_SWEEP_INTERVAL is 0: set it to a duration such as 1h to reconcile with GitHub on a schedule (`npm run cli -- sweep` still runs one now).';
  return null;
}

export function createSweepStatus(deps: { store: SweepStore; configured: boolean; intervalMs: number; schedule: () => Promise<SweepScheduleState>; log: Logger }): () => Promise<SweepStatus> {
  return async () => {
    const [summary, schedule] = await Promise.all([
      deps.store.summary(),
      deps.schedule().catch((err: unknown) => {
        deps.log.debug({ err }, 'the sweep schedule could not be read from Temporal');
        return null;
      }),
    ]);
    const off = sweepOffReason({ configured: deps.configured, intervalMs: deps.intervalMs });
    return { enabled: off === null, off, intervalSeconds: Math.round(deps.intervalMs / 1000), schedule, ...summary };
  };
}
