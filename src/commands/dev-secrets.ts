import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  webhookSecret: string;
  dashboardToken: string;
  /** Which values were generated (and kept under DATA_DIR) rather than taken from the environment. */
  generated: ('GITHUB_WEBHOOK_SECRET' | 'DASHBOARD_TOKEN')[];
}

/**
 * The dev stack must start with nothing configured, yet never accept unsigned webhooks: values missing
 * from the environment are generated once and kept in DATA_DIR/dev-secrets.json (mode 600) for reuse.
 */
export function loadOrCreateDevSecrets(dataDir: string, env: NodeJS.ProcessEnv): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  const kept = readDevSecrets(dataDir);
  const generated: DevSecrets['generated'] = [];
  const pick = (name: 'GITHUB_WEBHOOK_SECRET' | 'DASHBOARD_TOKEN', key: keyof typeof kept) => {
    const fromEnv = env[name]?.trim();
    if (fromEnv) return fromEnv;
    kept[key] ??= randomBytes(24).toString('base64url');
    generated.push(name);
    return kept[key];
  };
  const secrets = { webhookSecret: pick('GITHUB_WEBHOOK_SECRET', 'webhookSecret'), dashboardToken: pick('DASHBOARD_TOKEN', 'dashboardToken'), generated };
  if (generated.length) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(kept, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export function readDevSecrets(dataDir: string): Partial<Record<'webhookSecret' | 'dashboardToken', string>> {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
