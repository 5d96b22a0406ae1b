import { randomBytes } from 'node:crypto';
import { keptSecret } from '../support/private-files';

// The embedded database's password: generated once per DATA_DIR and kept with the dev stack's other
// generated secrets (DATA_DIR/dev-secrets.json, mode 0600). Clients find it in the URL the running
// stack leaves in DATA_DIR/embedded-db.json (also 0600), so nobody has to type it.

export const embeddedDatabasePassword = (dataDir: string): string => keptSecret(dataDir, 'databasePassword', () => randomBytes(24).toString('base64url'));
