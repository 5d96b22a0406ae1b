import { randomBytes } from 'node:crypto';
import { signBody } from '../../src/github/sign';
import { createRepoSecretStore, type RepoSecretStore } from '../../src/github/repo-secrets';
import { signatureMatches, verifyDeliverySignature, type DeliveryHeaders } from '../../src/http/webhook-signature';
import { startTestDatabase, type TestDatabase } from '../support/database';

// Which secret a delivery must carry: a repository with a secret of its own accepts only that one,
// whether it is named by GitHub's target header, by its learned id, or (before that) by its name.

const SHARED = 'shared-secret-of-several-repositories';
let db: TestDatabase;
let store: RepoSecretStore;
let own: string;

beforeAll(async () => {
  db = await startTestDatabase();
  store = createRepoSecretStore(db.pool, randomBytes(32));
  own = (await store.add('octo/own')).secret;
});
afterAll(async () => db?.stop());

const body = (repoId: number, fullName: string) => Buffer.from(JSON.stringify({ action: 'opened', repository: { id: repoId, full_name: fullName } }));
const headers = (secret: string, raw: Buffer, target?: number): DeliveryHeaders => ({
  signature: signBody(secret, raw.toString('utf8')),
  targetType: target === undefined ? undefined : 'repository',
  targetId: target === undefined ? undefined : String(target),
});
const verify = (raw: Buffer, h: DeliveryHeaders) => verifyDeliverySignature(raw, h, { sharedSecrets: [SHARED], repoSecrets: store });

test('signatures are checked on the raw bytes in constant time, against any of several secrets', () => {
  const raw = Buffer.from('{"é":1}');
  expect(signatureMatches(['old', 'new'], raw, signBody('new', raw.toString()))).toBe(true);
  expect(signatureMatches(['old'], raw, signBody('new', raw.toString()))).toBe(false);
  expect(signatureMatches(['old'], raw, 'sha1=abc')).toBe(false);
  expect(signatureMatches(['old'], raw, undefined)).toBe(false);
});

test('a repository without a secret of its own takes the shared one', async () => {
  const raw = body(10, 'octo/shared');
  expect(await verify(raw, headers(SHARED, raw, 10))).toEqual({ ok: true, via: 'shared' });
  expect(await verify(raw, headers('wrong', raw, 10))).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/check that GITHUB_WEBHOOK_SECRET equals/) });
});

test('before its id is known, a repository\'s own secret is found by name, verifies, and teaches its id', async () => {
  const raw = body(20, 'octo/own');
  const forged = await verify(raw, headers(SHARED, raw, 99));
  expect(forged).toMatchObject({ ok: false, message: expect.stringMatching(/signed with the shared GITHUB_WEBHOOK_SECRET, but octo\/own has a webhook secret of its own \(repo add\), and only that one is accepted/) });
  expect(await verify(raw, headers(own, raw, 20))).toEqual({ ok: true, via: 'repository' });
  expect((await store.list())[0]).toMatchObject({ fullName: 'octo/own', repoId: 20 });
});

test('once its id is known, GitHub\'s target header names it: only its own secret, and a body naming another repository is refused', async () => {
  const raw = body(20, 'octo/own');
  expect(await verify(raw, headers(own, raw, 20))).toEqual({ ok: true, via: 'repository' });
  expect(await verify(raw, headers(SHARED, raw, 20))).toMatchObject({ ok: false, message: expect.stringMatching(/does not match the body: octo\/own has a webhook secret of its own/) });
  // Renamed on GitHub: still its id, still its secret.
  const renamed = body(20, 'octo/own-renamed');
  expect(await verify(renamed, headers(SHARED, renamed))).toMatchObject({ ok: false });
  expect(await verify(renamed, headers(own, renamed, 20))).toEqual({ ok: true, via: 'repository' });
  // Its own secret cannot sign for another repository.
  const other = body(30, 'octo/shared');
  expect(await verify(other, headers(own, other, 20))).toMatchObject({ ok: false, message: expect.stringMatching(/names repository 30, but the delivery was signed for repository 20/) });
});

test('without any repository secrets, no body is read before it is verified', async () => {
  const empty = await startTestDatabase();
  try {
    const none = createRepoSecretStore(empty.pool, randomBytes(32));
    const notJson = Buffer.from('not json at all');
    expect(await verifyDeliverySignature(notJson, headers('wrong', notJson), { sharedSecrets: [SHARED], repoSecrets: none })).toMatchObject({ ok: false, status: 401 });
    expect(await none.any()).toBe(false);
  } finally {
    await empty.stop();
  }
});
