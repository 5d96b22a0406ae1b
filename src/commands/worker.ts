import { loadConfig } from '../config';
import { createLogger, prettyLogs } from '../log';
import { startStack } from '../runtime/stack';
import type { Command } from './command';
import { runUntilSignal } from './run-until-signal';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'A Temporal worker running triage workflows and activities (run as many as the load needs)',
  usage: 'worker',
  async run(_argv, env) {
    const config = loadConfig(env);
    const log = createLogger({ level: config.logLevel, pretty: prettyLogs({ format: config.logFormat, command: 'worker', isTTY: Boolean(process.stderr.isTTY) }) });
    const stack = await startStack({ config, log, server: false, worker: true });
    process.stdout.write(`Triageflow worker on task queue ${config.temporal.taskQueue} (Temporal ${stack.temporalAddress})\n`);
    return runUntilSignal(stack.stop, log, stack.failed);
  },
};
