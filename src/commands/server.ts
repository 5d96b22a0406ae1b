import { ConfigError, loadConfig, requireWebhookSecret } from '../config';
import { createLogger, prettyLogs } from '../log';
import { startStack } from '../runtime/stack';
import type { Command } from './command';
import { runUntilSignal } from './run-until-signal';

export const serverCommand: Command = {
  name: 'server',
  summary: 'The HTTP server: webhooks, API, dashboard and socket.io (run several behind a load balancer)',
  usage: 'server',
  async run(_argv, env) {
    const config = loadConfig(env);
    requireWebhookSecret(config);
    if (!config.dashboardToken) throw new ConfigError(['DASHBOARD_TOKEN: not set. Set a long random value; triagers paste it into the dashboard to send corrections.']);
    const log = createLogger({ level: config.logLevel, pretty: prettyLogs({ format: config.logFormat, command: 'server', isTTY: Boolean(process.stderr.isTTY) }) });
    const stack = await startStack({ config, log, server: true, worker: false });
    process.stdout.write(`Triageflow server on ${stack.serverUrl} (Temporal ${stack.temporalAddress})\n`);
    return runUntilSignal(stack.stop, log, stack.failed);
  },
};
