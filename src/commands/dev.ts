import { loadConfig } from '../config';
import { createLogger } from '../log';
import { startStack } from '../runtime/stack';
import type { Command } from './command';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { runUntilSignal } from './run-until-signal';

export const devCommand: Command = {
  name: 'dev',
  summary: 'Everything on one machine: Temporal dev server, embedded PostgreSQL, server and worker',
  usage: 'dev',
  async run(_argv, env) {
    const base = loadConfig(env);
    const secrets = loadOrCreateDevSecrets(base.dataDir, env);
    const config = loadConfig({ ...env, GITHUB_WEBHOOK_SECRET: secrets.webhookSecret, DASHBOARD_TOKEN: secrets.dashboardToken });
    const log = createLogger(config.logLevel);
    const stack = await startStack({ config, log, server: true, worker: true, devHost: true });
    const kept = (name: string) => (secrets.generated.includes(name as never) ? ' (generated, kept in DATA_DIR/dev-secrets.json)' : ' (from the environment)');
    process.stdout.write(
      [
        '',
        'Triageflow is running.',
        `  Dashboard       ${stack.serverUrl}/`,
        `  Temporal UI     ${stack.temporalUiUrl ?? '(set TEMPORAL_UI_URL to link workflows)'}`,
        `  Webhook URL     ${stack.serverUrl}/webhooks/github   (content type application/json)`,
        `  Webhook secret  ${secrets.webhookSecret}${kept('GITHUB_WEBHOOK_SECRET')}`,
        `  Dashboard token ${secrets.dashboardToken}${kept('DASHBOARD_TOKEN')}`,
        `  Temporal        ${stack.temporalAddress}`,
        `  Database        ${stack.databaseUrl}`,
        '',
        'Send sample issues with `npm run demo` in another terminal. Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
    return runUntilSignal(stack.stop, log, stack.failed);
  },
};
