// The reconciliation sweep's words, shared by its workflow, its activities, the CLI and the API. Pure
// types and names: the workflow loads this module.

/** A repository to sweep: known by id once it has sent a delivery, by name when only configured. */
export interface SweepTarget {
  repoId: number | null;
  fullName: string;
}

/** Why part of a sweep did not run or failed, worded for a person with what to do about it. */
export interface SweepError {
  /** The repository, or null for the App's webhook and settings that concern every repository. */
  repo: string | null;
  part: 'repository' | 'issues' | 'deliveries';
  message: string;
}

/** What one part of a sweep did; `problem` is a refusal that retrying cannot fix (a 403 on the hooks API). */
export interface SweepPartResult {
  issuesQueued: number;
  redelivered: number;
  problem: SweepError | null;
}

/** What a whole sweep did: the workflow's result, printed by `sweep` and kept for /api/stats. */
export interface SweepReport {
  runId: string;
  startedAt: string;
  repos: string[];
  issuesQueued: number;
  redelivered: number;
  errors: SweepError[];
}

/** The sweep's input: one repository (the CLI's `--repo`), or every known and configured one. */
export interface SweepInput {
  repo?: string;
}

export const SWEEP_WORKFLOW_TYPE = 'sweepRepositories';

/**
 * The schedule's id: `triageflow-sweep` on the default task queue, and one per task queue otherwise, so two
 * deployments (or test suites) sharing a namespace each sweep with their own workers.
 */
export const sweepScheduleId = (taskQueue: string): string => (taskQueue === 'triage' ? 'triageflow-sweep' : `triageflow-sweep-${taskQueue}`);
