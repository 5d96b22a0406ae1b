import { parseArgs } from 'node:util';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import type { sweepRepositories } from '../../workflows/sweep';
import { loadConfig } from '../config';
import { SWEEP_WORKFLOW_TYPE, sweepScheduleId, type SweepReport } from '../domain/sweep';
import { createLogger } from '../log';
import { provideTemporal } from '../runtime/temporal-endpoint';
import { createTemporalClientProvider, temporalWorkflowLink } from '../temporal/connect';
import { type Command, type CommandOutput, processOutput, UsageError } from './command';

const USAGE = `triageflow sweep [--repo OWNER/NAME]

Runs one reconciliation sweep now, as the triageflow-sweep schedule does: failed webhook deliveries
are redelivered by GitHub, and issues GitHub has in a newer version than Triageflow received are
queued for triage. It runs through Temporal (it shows in the Temporal UI) on a running worker, with the
worker's GitHub credentials and settings, and prints what it did. --repo sweeps that repository only.
Exits 1 when the sweep reports a problem.`;

export const sweepCommand: Command = createSweepCommand();

export function createSweepCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'sweep',
    summary: 'Reconcile with GitHub now: redeliver failed webhook deliveries, queue issues never received',
    usage: USAGE,
    async run(argv, env) {
      const repo = parseOptions(argv);
      const config = loadConfig(env);
      const log = createLogger(config.logLevel);
      const endpoint = await provideTemporal(config, log, { hostDevServer: false });
      const temporal = createTemporalClientProvider({ address: endpoint.address, namespace: config.temporal.namespace });
      try {
        const client = await temporal.get();
        const { taskQueue, namespace } = config.temporal;
        const { pollers } = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW });
        if (!pollers?.length) {
          io.err(`sweep: no worker polls the task queue "${taskQueue}" in Temporal ${endpoint.address}, so nothing would run the sweep. Start \`npm run dev\` (or \`npm run cli -- worker\`) with the same TEMPORAL_* settings, then run it again.\n`);
          return 69; // EX_UNAVAILABLE
        }
        // One id per target: a second `sweep` while one runs waits for that one instead of starting another.
        const workflowId = `${sweepScheduleId(taskQueue)}-now${repo ? `-${repo.toLowerCase()}` : ''}`;
        const handle = await client.workflow.start<typeof sweepRepositories>(SWEEP_WORKFLOW_TYPE, {
          workflowId, taskQueue, args: [repo ? { repo } : {}], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        const link = temporalWorkflowLink(endpoint.uiUrl, namespace)(workflowId);
        io.err(`Sweeping${repo ? ` ${repo}` : ''} (workflow ${workflowId}${link ? `, ${link}` : ''})…\n`);
        const report = await handle.result();
        io.out(describeReport(report));
        return report.errors.length ? 1 : 0;
      } finally {
        await temporal.close();
        await endpoint.stop();
      }
    },
  };
}

export function describeReport(r: SweepReport): string {
  const lines = [
    `Swept ${r.repos.length} ${r.repos.length === 1 ? 'repository' : 'repositories'}${r.repos.length ? `: ${r.repos.join(', ')}` : ''}.`,
    `${r.issuesQueued} ${r.issuesQueued === 1 ? 'issue' : 'issues'} queued for triage, ${r.redelivered} failed ${r.redelivered === 1 ? 'delivery' : 'deliveries'} redelivered by GitHub.`,
    ...(r.errors.length ? ['Problems:', ...r.errors.map((e) => `  ${e.repo ?? 'all repositories'} (${e.part}): ${e.message}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function parseOptions(argv: string[]): string | undefined {
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { repo: { type: 'string' } } });
    if (values.repo !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(values.repo)) throw new UsageError(`--repo "${values.repo}" is not a repository name of the form OWNER/NAME`);
    return values.repo;
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}
