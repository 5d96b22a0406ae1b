import { ActivityFailure, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { SweepActivities } from '../activities/sweep';
import type { SweepError, SweepInput, SweepPartResult, SweepReport } from '../src/domain/sweep';
import { databaseActivity, sweepActivity } from './activity-options';

const { planSweep, recordSweep } = proxyLocalActivities<SweepActivities>(databaseActivity);
const { sweepRepoDeliveries, sweepRepoIssues, sweepAppDeliveries } = proxyActivities<SweepActivities>(sweepActivity);

/**
 * The reconciliation sweep: the `triageflow-sweep` schedule starts it (and `triageflow sweep` by hand).
 * For each repository it asks GitHub to redeliver failed webhook deliveries, then queues the issues GitHub
 * has in a newer version than Triageflow received. One repository's failure is reported, not fatal: the
 * others are still swept, and the next sweep starts again from the marks the activities keep.
 */
export async function sweepRepositories(input: SweepInput = {}): Promise<SweepReport> {
  const { workflowId, runId } = workflowInfo();
  const report: SweepReport = { runId: `${workflowId}/${runId}`, startedAt: new Date().toISOString(), repos: [], issuesQueued: 0, redelivered: 0, errors: [] };
  const note = (e: SweepError) => {
    if (!report.errors.some((x) => x.repo === e.repo && x.message === e.message)) report.errors.push(e);
  };
  const run = async (repo: string | null, part: SweepError['part'], step: () => Promise<SweepPartResult>) => {
    try {
      const r = await step();
      report.issuesQueued += r.issuesQueued;
      report.redelivered += r.redelivered;
      if (r.problem) note(r.problem);
    } catch (err) {
      // Retries ran out (GitHub down, a database outage): said once in the report, and the next sweep tries again.
      const cause = err instanceof ActivityFailure ? err.cause ?? err : err;
      note({ repo, part, message: `${(cause as Error).message}; the next sweep tries again.` });
    }
  };

  const plan = await planSweep(input);
  if (plan.off) {
    note({ repo: input.repo ?? null, part: 'repository', message: plan.off });
  } else {
    if (plan.deliveriesOff) note(plan.deliveriesOff);
    if (plan.appHook) await run(input.repo ?? null, 'deliveries', () => sweepAppDeliveries({ runId: report.runId, target: input.repo ? plan.targets[0]! : null }));
    for (const target of plan.targets) {
      report.repos.push(target.fullName);
      // Redeliveries first: the issue scan then waits for the issues they carry instead of queueing them too.
      if (!plan.appHook && !plan.deliveriesOff) await run(target.fullName, 'deliveries', () => sweepRepoDeliveries({ runId: report.runId, target }));
      await run(target.fullName, 'issues', () => sweepRepoIssues({ runId: report.runId, target }));
    }
  }
  await recordSweep(report);
  return report;
}
