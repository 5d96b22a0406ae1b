import { ConfigError, requestedLogLevel } from './config';
import { UsageError, type Command } from './commands/command';
import { backfillCommand } from './commands/backfill';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { devCommand } from './commands/dev';
import { evalCommand } from './commands/eval';
import { evalAssistantCommand } from './commands/eval-assistant';
import { notifyTestCommand } from './commands/notify-test';
import { fetchModelCommand } from './commands/fetch-model';
import { inboxCommand } from './commands/inbox';
import { reembedCommand } from './commands/reembed';
import { repoCommand } from './commands/repo';
import { backtestCommand } from './commands/backtest';
import { serverCommand } from './commands/server';
import { sweepCommand } from './commands/sweep';
import { trainCommand } from './commands/train';
import { workerCommand } from './commands/worker';

const COMMANDS: Command[] = [
  devCommand, serverCommand, workerCommand, demoCommand, trainCommand, evalCommand, evalAssistantCommand, reembedCommand, backfillCommand, backtestCommand,
  fetchModelCommand, notifyTestCommand, inboxCommand, sweepCommand, repoCommand, doctorCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['Usage: triageflow <command> [options]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'See README.md for configuration.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${help()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nUsage: triageflow ${command.usage}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`triageflow: ${err instanceof Error ? err.message : String(err)}\n`);
    if (requestedLogLevel(process.env) === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
