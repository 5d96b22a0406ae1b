import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DEV_SECRETS_FILE, ensurePrivateDir, readSecretFile, updateSecretFile } from '../support/private-files';

export interface DevSecrets {
  webhookSecret: string;
  dashboardToken: string;
  /** Which values were generated (and kept under DATA_DIR) rather than taken from the environment. */
  generated: ('GITHUB_WEBHOOK_SECRET' | 'DASHBOARD_TOKEN')[];
}

type Kept = Record<'webhookSecret' | 'dashboardToken', string>;

/**
 * The dev stack must start with nothing configured, yet never accept unsigned webhooks: values missing
 * from the environment are generated once and kept in DATA_DIR/dev-secrets.json (mode 600) for reuse.
 */
export function loadOrCreateDevSecrets(dataDir: string, env: NodeJS.ProcessEnv): DevSecrets {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, DEV_SECRETS_FILE);
  const kept = readSecretFile<Kept>(file);
  const generated: DevSecrets['generated'] = [];
  const fresh: Partial<Kept> = {};
  const pick = (name: 'GITHUB_WEBHOOK_SECRET' | 'DASHBOARD_TOKEN', key: keyof Kept) => {
    const fromEnv = env[name]?.trim();
    if (fromEnv) return fromEnv;
    generated.push(name);
    return kept[key] ?? (fresh[key] = randomBytes(24).toString('base64url'));
  };
  const secrets = { webhookSecret: pick('GITHUB_WEBHOOK_SECRET', 'webhookSecret'), dashboardToken: pick('DASHBOARD_TOKEN', 'dashboardToken'), generated };
  if (Object.keys(fresh).length) updateSecretFile(file, fresh);
  return secrets;
}

export function readDevSecrets(dataDir: string): Partial<Kept> {
  return readSecretFile<Kept>(path.join(dataDir, DEV_SECRETS_FILE));
}
