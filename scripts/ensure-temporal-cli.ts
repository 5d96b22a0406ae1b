// Finds or builds the Temporal CLI (see src/temporal/cli-binary.ts) so the first start does not wait on it.
import { resolveTemporalCli } from '../src/temporal/cli-binary';

resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI, log: (m) => process.stderr.write(`${m}\n`) }).then(
  (cli) => process.stderr.write(`Temporal CLI: ${cli}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
