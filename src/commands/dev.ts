import { loadConfig } from '../config';
import { createLogger, prettyLogs } from '../log';
import { startDevStack } from '../runtime/dev-stack';
import type { Command } from './command';
import { devBanner } from './dev-banner';
import { loadOrCreateDevSecrets, type DevSecrets } from './dev-secrets';
import { runUntilSignal } from './run-until-signal';

/**
 * The environment `dev` runs with: the generated secrets, and loopback unless HOST says otherwise (the
 * banner's links say localhost, and a stack with generated secrets is for this machine by default).
 */
export function devEnvironment(env: NodeJS.ProcessEnv, secrets: Pick<DevSecrets, 'webhookSecret' | 'dashboardToken'>): NodeJS.ProcessEnv {
  return { ...env, HOST: env.HOST?.trim() || '127.0.0.1', GITHUB_WEBHOOK_SECRET: secrets.webhookSecret, DASHBOARD_TOKEN: secrets.dashboardToken };
}

export const devCommand: Command = {
  name: 'dev',
  summary: 'Everything on one machine: Temporal dev server, embedded PostgreSQL, server and worker',
  usage: 'dev',
  async run(_argv, env) {
    const base = loadConfig(env);
    const secrets = loadOrCreateDevSecrets(base.dataDir, env);
    const devEnv = devEnvironment(env, secrets);
    const config = loadConfig(devEnv);
    const isTTY = Boolean(process.stderr.isTTY);
    const logOptions = { level: config.logLevel, pretty: prettyLogs({ format: config.logFormat, command: 'dev', isTTY }), colorize: isTTY };
    const log = createLogger(logOptions);
    const stack = await startDevStack({ config, env: devEnv, log, logOptions });
    process.stdout.write(devBanner({ ...stack, secrets }));
    return runUntilSignal(stack.stop, log, stack.failed);
  },
};
