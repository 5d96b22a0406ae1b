import { randomBytes } from 'node:crypto';
import { createRepoCommand } from '../../src/commands/repo';
import { createRepoSecretStore } from '../../src/github/repo-secrets';
import { startTestDatabase, type TestDatabase } from '../support/database';

// `repo add` makes a repository's own webhook secret, prints it once and stores it encrypted: the
// database alone does not give it away, and a wrong key is refused rather than misread.

let db: TestDatabase;
const key = randomBytes(32);
beforeAll(async () => (db = await startTestDatabase()));
afterAll(async () => db?.stop());

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const command = createRepoCommand({ out: (t) => void out.push(t), err: (t) => void err.push(t) });
  const baseEnv = { DATABASE_URL: db.url, WEBHOOK_SECRETS_KEY: key.toString('base64'), LOG_LEVEL: 'silent' };
  return command.run(args, { ...baseEnv, ...env }).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

test('add prints the secret once, stores it encrypted, and a second add asks for --rotate', async () => {
  const added = await run(['add', 'Octo-Org/App']);
  expect(added.code).toBe(0);
  const secret = /\n {2}(\S+)\n/.exec(added.out)![1]!;
  expect(secret).toMatch(/^[\w-]{43}$/);
  expect(added.out).toMatch(/shown only this once/);
  expect(added.out).toMatch(/accepted with this secret only, never with the shared GITHUB_WEBHOOK_SECRET/);

  const { rows } = await db.pool.query('SELECT * FROM repository_webhook_secrets');
  expect(JSON.stringify(rows)).not.toContain(secret);
  const store = createRepoSecretStore(db.pool, key);
  expect(await store.lookup({ fullName: 'octo-org/app' })).toEqual({ fullName: 'Octo-Org/App', repoId: null, secrets: [secret] });

  const again = await run(['add', 'octo-org/app']);
  expect(again).toMatchObject({ code: 1, err: expect.stringMatching(/already has a webhook secret .*repo add --rotate octo-org\/app/) });
  const list = await run(['list']);
  expect(list.out).toMatch(/^Octo-Org\/App {2}id \(not seen yet\) {2}fingerprint [0-9a-f]{12} {2}added /);
  expect(list.out).not.toContain(secret);
});

test('the id is learned from a verified delivery; a rotation keeps the old secret for a while; remove forgets it', async () => {
  const store = createRepoSecretStore(db.pool, key);
  const first = await store.add('octo/lib');
  await store.bindId('octo/lib', 77);
  expect((await store.lookup({ id: 77 }))?.secrets).toEqual([first.secret]);
  // Renamed: found by its id. Another repository taking the old name is not it.
  expect((await store.lookup({ id: 77, fullName: 'octo/lib-renamed' }))?.fullName).toBe('octo/lib');
  expect(await store.lookup({ id: 78, fullName: 'octo/lib' })).toBeUndefined();

  const rotated = await run(['add', '--rotate', 'octo/lib']);
  expect(rotated.out).toMatch(/previous secret keeps working for 24 hours/);
  const next = /\n {2}(\S+)\n/.exec(rotated.out)![1]!;
  expect((await createRepoSecretStore(db.pool, key).lookup({ id: 77 }))?.secrets).toEqual([next, first.secret]);

  expect((await run(['remove', 'octo/lib'])).code).toBe(0);
  expect(await createRepoSecretStore(db.pool, key).lookup({ id: 77 })).toBeUndefined();
  expect((await run(['remove', 'octo/lib'])).code).toBe(1);
});

test('a wrong or missing key is refused with what to do', async () => {
  await expect(createRepoSecretStore(db.pool, randomBytes(32)).verifyKey()).rejects.toThrow(/does not open with WEBHOOK_SECRETS_KEY/);
  await expect(createRepoSecretStore(db.pool, undefined).verifyKey()).rejects.toThrow(/WEBHOOK_SECRETS_KEY is not set.*openssl rand -base64 32/);
  expect(await run(['add', 'octo/other'], { WEBHOOK_SECRETS_KEY: '' })).toMatchObject({ code: 1, err: expect.stringMatching(/WEBHOOK_SECRETS_KEY is not set/) });
  await expect(run(['add', 'not a repo'])).rejects.toThrow(/OWNER\/NAME/);
  expect(await run(['add', 'octo/app'], { GITHUB_REPOS: 'other/*' })).toMatchObject({ code: 0, err: expect.stringMatching(/GITHUB_REPOS does not list octo\/app/) });
});
