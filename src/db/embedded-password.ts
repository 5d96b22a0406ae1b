import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readSecretFile, updateSecretFile } from '../support/private-files';

// The embedded database's password: generated once per DATA_DIR and kept with the dev stack's other
// generated secrets (DATA_DIR/dev-secrets.json, mode 0600). Clients find it in the URL the running
// stack leaves in DATA_DIR/embedded-db.json (also 0600), so nobody has to type it.

export const DEV_SECRETS_FILE = 'dev-secrets.json';

export function embeddedDatabasePassword(dataDir: string): string {
  const file = path.join(dataDir, DEV_SECRETS_FILE);
  const kept = readSecretFile<{ databasePassword: string }>(file).databasePassword;
  if (kept) return kept;
  const password = randomBytes(24).toString('base64url');
  updateSecretFile(file, { databasePassword: password });
  return password;
}
