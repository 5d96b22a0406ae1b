import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { keyBytes } from '../config/hostile-input';
import { keptSecret } from '../support/private-files';

/**
 * The key per-repository webhook secrets are encrypted with: WEBHOOK_SECRETS_KEY, or for the embedded
 * database (the dev stack) one generated once into DATA_DIR/dev-secrets.json beside it. A server on
 * DATABASE_URL has none unless it is set: the key must not live where the database does.
 */
export function webhookSecretsKey(config: Config): Buffer | undefined {
  if (config.guard.webhookSecretsKey) return config.guard.webhookSecretsKey;
  if (config.databaseUrl) return undefined;
  return keyBytes(keptSecret(config.dataDir, 'webhookSecretsKey', () => randomBytes(32).toString('base64url')));
}
