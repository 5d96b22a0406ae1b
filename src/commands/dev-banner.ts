import { maskUrlPassword } from '../support/mask-url';
import type { DevSecrets } from './dev-secrets';

export interface DevBannerFacts {
  serverUrl: string | undefined;
  temporalUiUrl: string | undefined;
  temporalAddress: string;
  databaseUrl: string;
  metricsUrl: string;
  secrets: DevSecrets;
}

/**
 * What `dev` prints once everything is up. A generated secret is shown (the user needs it and it lives
 * only in DATA_DIR); one the user set in the environment is not: they have it, and a terminal is shared,
 * recorded and scrolled back.
 */
export function devBanner(f: DevBannerFacts): string {
  const secret = (name: DevSecrets['generated'][number], value: string) =>
    f.secrets.generated.includes(name) ? `${value}  (generated, kept in DATA_DIR/dev-secrets.json)` : '(from the environment)';
  return [
    '',
    'Triageflow is running.',
    `  Dashboard       ${f.serverUrl}/`,
    `  Temporal UI     ${f.temporalUiUrl ?? '(set TEMPORAL_UI_URL to link workflows)'}`,
    `  Webhook URL     ${f.serverUrl}/webhooks/github   (content type application/json)`,
    `  Webhook secret  ${secret('GITHUB_WEBHOOK_SECRET', f.secrets.webhookSecret)}`,
    `  Dashboard token ${secret('DASHBOARD_TOKEN', f.secrets.dashboardToken)}`,
    `  Metrics         ${f.metricsUrl}`,
    `  Temporal        ${f.temporalAddress}`,
    `  Database        ${maskUrlPassword(f.databaseUrl)}`,
    '',
    'Send sample issues with `npm run demo` in another terminal. Ctrl-C stops everything.',
    '',
  ].join('\n');
}
