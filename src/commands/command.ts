/** A sub-command of the `triageflow` CLI (src/cli.ts dispatches on the first argument). */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit code; long-running commands resolve when they have shut down. */
  run(argv: string[], env: NodeJS.ProcessEnv): Promise<number>;
}

/** A mistake in how a command was called; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where a command writes; tests pass collectors, the CLI the process streams. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
