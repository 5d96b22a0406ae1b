import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devBanner } from '../../src/commands/dev-banner';
import { loadOrCreateDevSecrets, readDevSecrets } from '../../src/commands/dev-secrets';
import { embeddedDatabasePassword } from '../../src/db/embedded-password';
import { maskUrlPassword, maskUrlPasswords } from '../../src/support/mask-url';
import { ensurePrivateDir } from '../../src/support/private-files';

// DATA_DIR and its secrets are the owner's only, at every start; a URL's password is never printed.

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'private-'));

test('a new DATA_DIR is created 0700; an existing one of ours is tightened, a foreign one left alone', () => {
  const parent = tmp();
  const fresh = path.join(parent, 'data');
  expect(ensurePrivateDir(fresh)).toEqual({ created: true });
  expect(mode(fresh)).toBe(0o700);

  const old = path.join(parent, 'old');
  fs.mkdirSync(path.join(old, 'pglite'), { recursive: true });
  fs.chmodSync(old, 0o755);
  expect(ensurePrivateDir(old)).toEqual({ created: false, tightenedFrom: 0o755 });
  expect(mode(old)).toBe(0o700);

  const foreign = path.join(parent, 'home');
  fs.mkdirSync(foreign);
  fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
  fs.chmodSync(foreign, 0o755);
  expect(ensurePrivateDir(foreign)).toEqual({ created: false, openTo: 0o755 });
  expect(mode(foreign)).toBe(0o755);
});

test('the dev secrets and the database password share one 0600 file, set back to 0600 at every start', () => {
  const dir = path.join(tmp(), 'data');
  const first = loadOrCreateDevSecrets(dir, {});
  expect(mode(dir)).toBe(0o700);
  const file = path.join(dir, 'dev-secrets.json');
  expect(mode(file)).toBe(0o600);
  const password = embeddedDatabasePassword(dir);
  expect(password).toMatch(/^[\w-]{32}$/);
  expect(embeddedDatabasePassword(dir)).toBe(password);
  expect(readDevSecrets(dir)).toEqual({ webhookSecret: first.webhookSecret, dashboardToken: first.dashboardToken, databasePassword: password });

  fs.chmodSync(file, 0o644);
  fs.chmodSync(dir, 0o755);
  const again = loadOrCreateDevSecrets(dir, { DASHBOARD_TOKEN: 'from-env' });
  expect(again).toEqual({ webhookSecret: first.webhookSecret, dashboardToken: 'from-env', generated: ['GITHUB_WEBHOOK_SECRET'] });
  expect(mode(file)).toBe(0o600);
  expect(mode(dir)).toBe(0o700);
  expect(embeddedDatabasePassword(dir)).toBe(password);
});

test.each([
  ['postgres://postgres:s3cret@127.0.0.1:5433/postgres', 'postgres://postgres:***@127.0.0.1:5433/postgres'],
  ['postgresql://u:p%40ss@db.example:5432/app?sslmode=require', 'postgresql://u:***@db.example:5432/app?sslmode=require'],
  ['https://user:token@mirror.example/maven2', 'https://user:***@mirror.example/maven2'],
  ['postgres://postgres@127.0.0.1:5433/postgres', 'postgres://postgres@127.0.0.1:5433/postgres'],
  ['http://localhost:3000/', 'http://localhost:3000/'],
  ['not a url: a:b@c', 'not a url: a:b@c'],
])('maskUrlPassword(%s)', (url, masked) => {
  expect(maskUrlPassword(url)).toBe(masked);
});

test('passwords inside a text are masked, and the dev banner never prints the database password', () => {
  expect(maskUrlPasswords('connect to postgres://a:b@h/db failed; retry postgres://c:d@h2/db')).toBe('connect to postgres://a:***@h/db failed; retry postgres://c:***@h2/db');
  const banner = devBanner({
    serverUrl: 'http://localhost:3000', temporalUiUrl: undefined, temporalAddress: 'localhost:7233', metricsUrl: 'http://127.0.0.1:9464/metrics',
    databaseUrl: 'postgres://postgres:Zx9-secret@127.0.0.1:5433/postgres',
    secrets: { webhookSecret: 'w', dashboardToken: 't', generated: [] },
  });
  expect(banner).toContain('postgres://postgres:***@127.0.0.1:5433/postgres');
  expect(banner).not.toContain('Zx9-secret');
});
