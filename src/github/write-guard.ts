import { githubStatus, type GithubClients } from './client';

// Before Triageflow writes to a repository, GitHub (not the delivery) must agree the delivery is about
// that repository. A payload names its repository and, for an App, its installation, and the
// installation chooses whose token writes: the App's installation on the repository must be the one the
// delivery named. (The repository id under that name is checked beside this, for renamed repositories:
// issue 22.) Answers are kept for a while, as every write would otherwise cost an extra call.

const KEPT_MS = 10 * 60_000;
const KEPT_MAX = 5_000;

export interface WriteTarget {
  repoFullName: string;
  /** The App installation the delivery named; absent with a token, or after a dashboard correction. */
  installationId?: number;
}

export type GuardVerdict = { ok: true; installationId?: number } | { ok: false; reason: string };

export interface WriteGuard {
  check(target: WriteTarget): Promise<GuardVerdict>;
}

export function createWriteGuard(github: GithubClients, opts: { keptMs?: number; now?: () => number } = {}): WriteGuard {
  const now = opts.now ?? Date.now;
  const kept = new Map<string, { value: number | null; at: number }>();
  /** The App's installation on a repository, kept for a while; null when GitHub answers 404, undefined with a token. */
  const fact = async (key: string, ask: () => Promise<number | undefined>): Promise<number | null | undefined> => {
    const hit = kept.get(key);
    if (hit && now() - hit.at < (opts.keptMs ?? KEPT_MS)) return hit.value;
    let value: number | null | undefined;
    try {
      value = await ask();
    } catch (err) {
      // 404: the App is not installed there. Anything else is retried by the activity's policy.
      if (githubStatus(err) !== 404) throw err;
      value = null;
    }
    if (value === undefined) return undefined;
    if (kept.size >= KEPT_MAX) kept.clear();
    kept.set(key, { value, at: now() });
    return value;
  };

  return {
    async check(target) {
      const name = target.repoFullName.toLowerCase();
      const installation = await fact(`installation:${name}`, () => github.appInstallation(target.repoFullName));
      if (installation === null) {
        return { ok: false, reason: `The GitHub App is not installed on ${target.repoFullName} (GitHub answers 404), so nothing was written. Install it there, or check the delivery came from this repository.` };
      }
      if (installation !== undefined && target.installationId !== undefined && target.installationId !== installation) {
        return { ok: false, reason: `The delivery names App installation ${target.installationId}, but GitHub says the App's installation on ${target.repoFullName} is ${installation}: nothing was written. A delivery may only lead to writes through the installation of its own repository.` };
      }
      return { ok: true, ...(installation !== undefined ? { installationId: installation } : {}) };
    },
  };
}
