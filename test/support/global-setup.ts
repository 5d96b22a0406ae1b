import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../src/temporal/cli-binary';
import { startDevServer } from '../../src/temporal/dev-server';
import { WORKFLOWS_PATH } from '../../src/runtime/worker';

// One real Temporal dev server and one workflow bundle for the whole run; each suite gets its own
// task queue, database and repository ids, so suites never see each other's workflows.
export default async function globalSetup(): Promise<void> {
  const cliPath = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI, log: (m) => process.stderr.write(`${m}\n`) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-test-'));
  const server = await startDevServer({ cliPath, port: 0, logFile: path.join(dir, 'temporal.log') });
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);
  process.env.TRIAGEFLOW_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TRIAGEFLOW_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TRIAGEFLOW_TEST_DIR = dir;
  (globalThis as { __triageflowTemporal?: typeof server }).__triageflowTemporal = server;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
