import type { SweepSettings } from '../src/config/github';
import type { SweepError, SweepInput, SweepPartResult, SweepReport, SweepTarget } from '../src/domain/sweep';
import { githubStatus, type GithubApi, type GithubClients } from '../src/github/client';
import type { InboxStore } from '../src/inbox/store';
import type { Logger } from '../src/log';
import { appHookLog, repoHookLog } from '../src/sweep/delivery-log';
import { findRepoHook } from '../src/sweep/hooks';
import { scanIssues } from '../src/sweep/issue-scan';
import { redeliverFailed } from '../src/sweep/redeliver';
import { resolveRepository } from '../src/sweep/repository';
import type { SweepStore } from '../src/sweep/store';
import { sweepOffReason } from '../src/sweep/status';

// The reconciliation sweep's activities (workflows/sweep.ts runs them). Each is idempotent: issues are
// queued under delivery ids naming their version, redeliveries are claimed before they are asked for,
// and high-water marks only move forward.

export interface SweepActivityDeps {
  store: SweepStore;
  inbox: Pick<InboxStore, 'insert'>;
  github: GithubClients;
  settings: SweepSettings;
  publicUrl: string | undefined;
  log: Logger;
}

export interface SweepPlan {
  targets: SweepTarget[];
  /** Why no sweep can run (no credentials), or null. */
  off: string | null;
  /** Failed deliveries come from the App's own webhook rather than each repository's. */
  appHook: boolean;
  /** Why failed deliveries cannot be redelivered in any repository, or null. */
  deliveriesOff: SweepError | null;
}

export interface RepoPart {
  runId: string;
  target: SweepTarget;
}

const none: SweepPartResult = { issuesQueued: 0, redelivered: 0, problem: null };

export function createSweepActivities(deps: SweepActivityDeps) {
  const { store, github, settings, log } = deps;
  const hasHook = Boolean(deps.publicUrl || settings.hookIds.all !== undefined || Object.keys(settings.hookIds.byRepo).length);

  /** The repository's client; a GitHub App not installed on it is a problem to report, not to retry. */
  async function clientFor(target: SweepTarget): Promise<{ octokit: GithubApi } | { problem: SweepError }> {
    try {
      return { octokit: await github.forRepo(target.fullName) };
    } catch (err) {
      if (githubStatus(err) !== 404) throw err;
      return { problem: { repo: target.fullName, part: 'repository', message: `The GitHub App is not installed on ${target.fullName} (404 on its installation): install it there, or remove the repository from GITHUB_SWEEP_REPOS.` } };
    }
  }

  return {
    async planSweep(input: SweepInput): Promise<SweepPlan> {
      const known = await store.knownRepos();
      const byName = new Map(known.map((t) => [t.fullName.toLowerCase(), t]));
      const wanted = input.repo ? [input.repo] : settings.repos;
      const configured = wanted.map((name) => byName.get(name.toLowerCase()) ?? { repoId: null, fullName: name });
      const targets = input.repo ? configured : [...known, ...configured.filter((t) => t.repoId === null)];
      return {
        targets,
        off: sweepOffReason({ configured: github.configured, intervalMs: undefined }),
        appHook: github.app !== undefined,
        deliveriesOff: github.app || hasHook ? null : {
          repo: null, part: 'deliveries',
          message: 'Failed deliveries are not redelivered: set PUBLIC_URL to the address GitHub posts webhooks to (the repository webhook posting to PUBLIC_URL/webhooks/github is used), or GITHUB_HOOK_ID. Issues are still reconciled.',
        },
      };
    },

    async sweepRepoIssues({ target }: RepoPart): Promise<SweepPartResult> {
      const client = await clientFor(target);
      if ('problem' in client) return { ...none, problem: client.problem };
      const { octokit } = client;
      const resolved = await resolveRepository(octokit, target);
      if ('problem' in resolved) return { ...none, problem: resolved.problem };
      const scan = await scanIssues({ octokit, store, inbox: deps.inbox, log }, resolved.repo, { lookbackMs: settings.lookbackMs, now: new Date() });
      log.info({ repo: resolved.repo.full_name, ...scan }, 'sweep scanned issues');
      return { ...none, issuesQueued: scan.queued };
    },

    async sweepRepoDeliveries({ runId, target }: RepoPart): Promise<SweepPartResult> {
      const client = await clientFor(target);
      if ('problem' in client) return { ...none, problem: client.problem };
      const { octokit } = client;
      const resolved = await resolveRepository(octokit, target);
      if ('problem' in resolved) return { ...none, problem: resolved.problem };
      const hook = await findRepoHook(octokit, resolved.repo, { publicUrl: deps.publicUrl, hookIds: settings.hookIds });
      if ('problem' in hook) return { ...none, problem: hook.problem };
      const r = await redeliverFailed({ store, log }, repoHookLog(octokit, resolved.repo, hook.hookId), { lookbackMs: settings.lookbackMs, now: new Date(), runId, repo: resolved.repo.full_name });
      return { ...none, redelivered: r.redelivered, problem: r.problem };
    },

    /** The App's one webhook, for every installation; `target` keeps it to one repository (the CLI's --repo). */
    async sweepAppDeliveries({ runId, target }: { runId: string; target: SweepTarget | null }): Promise<SweepPartResult> {
      if (!github.app) return none;
      let onlyRepoIds: Set<number> | undefined;
      if (target) {
        const client = await clientFor(target);
        if ('problem' in client) return { ...none, problem: client.problem };
        const resolved = await resolveRepository(client.octokit, target);
        if ('problem' in resolved) return { ...none, problem: resolved.problem };
        onlyRepoIds = new Set([resolved.repo.id]);
      }
      const r = await redeliverFailed({ store, log }, appHookLog(github.app), { lookbackMs: settings.lookbackMs, now: new Date(), runId, repo: target?.fullName ?? null, onlyRepoIds });
      return { ...none, redelivered: r.redelivered, problem: r.problem };
    },

    async recordSweep(report: SweepReport): Promise<void> {
      await store.recordRun(report);
    },
  };
}

export type SweepActivities = ReturnType<typeof createSweepActivities>;
