import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { issuesPayload } from '../../src/github/sample-payload';
import { signBody } from '../../src/github/sign';
import { createRepoSecretStore } from '../../src/github/repo-secrets';
import { webhookSecretsKey } from '../../src/github/repo-secrets-key';
import { createPool, type Pool } from '../../src/db/pool';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The webhook door of issue 23 through the real stack: compressed bodies refused before they are read,
// one byte budget for the bodies being read, GITHUB_REPOS, and repositories with secrets of their own.

let stack: Stack;
let db: pg.Client;
let pool: Pool;
const owner = `suite-${SUITE_REPO_ID}`;
const repoName = (name: string) => `${owner}/${name}`;
const issue = (offset: number, name: string, number: number) =>
  issuesPayload({ repoId: SUITE_REPO_ID + offset, repoFullName: repoName(name), number, title: `Crash ${number} when saving in ${name}`, body: 'Steps: open, save. It crashes.' });

beforeAll(async () => {
  // 26 MB of bodies at once: one 25 MB delivery fits, two big ones do not.
  stack = await startStack({ env: { GITHUB_REPOS: `${owner}/*,other-org/allowed`, WEBHOOK_MAX_INFLIGHT_MB: '26' } });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  pool = createPool(stack.databaseUrl, 1);
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await db?.end();
  await stack?.stop();
});

async function post(body: Buffer | string, headers: Record<string, string>) {
  const res = await fetch(`${stack.baseUrl}/webhooks/github`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), ...headers },
  });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as Record<string, any> | null };
}
const inboxRows = async (repoId: number) => (await db.query('SELECT count(*)::int AS n FROM webhook_inbox WHERE repo_id = $1', [repoId])).rows[0].n as number;

test('a gzip body is 415 before it is read, signed or not; the same bytes undeclared are only 25 KB and fail the signature', async () => {
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"action":"opened","x":"'), Buffer.alloc(24 * 1024 * 1024, 0x61), Buffer.from('"}')]));
  const refused = await Promise.all(Array.from({ length: 20 }, () => post(bomb, { 'content-encoding': 'gzip', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` })));
  expect(refused.map((r) => r.status)).toEqual(Array(20).fill(415));
  expect(refused[0]!.body!.error).toMatch(/Content-Encoding "gzip" is not accepted/);
  const undeclared = await post(bomb, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });
  expect(undeclared.status).toBe(401);
  // A real delivery meanwhile and after is acknowledged.
  const real = JSON.stringify(issue(0, 'app', 1));
  expect((await post(real, { 'x-hub-signature-256': signBody(stack.webhookSecret, real) })).status).toBe(202);
});

test('bodies being read at once share WEBHOOK_MAX_INFLIGHT_MB: past it 503 with Retry-After, and the budget comes back', async () => {
  const big = Buffer.alloc(20 * 1024 * 1024, 0x20);
  const answers = await Promise.all([0, 1, 2].map(() => post(big, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` })));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toContain(503);
  expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
  const busy = answers.find((a) => a.status === 503)!;
  expect(busy.headers.get('retry-after')).toBe('5');
  expect(busy.body!.error).toMatch(/WEBHOOK_MAX_INFLIGHT_MB/);
  const real = JSON.stringify(issue(0, 'app', 2));
  expect((await post(real, { 'x-hub-signature-256': signBody(stack.webhookSecret, real) })).status).toBe(202);
}, 60_000);

test('GITHUB_REPOS: a repository it does not list gets 202 {ignored, reason} and nothing is stored', async () => {
  const stranger = issuesPayload({ repoId: SUITE_REPO_ID + 50, repoFullName: 'stranger-org/app', number: 1, title: 'Crash on start' });
  const res = await stack.sendWebhook('issues', stranger);
  expect(res).toMatchObject({ status: 202, body: { ignored: true, reason: expect.stringMatching(/stranger-org\/app is not among the repositories GITHUB_REPOS lists/) } });
  expect(await inboxRows(SUITE_REPO_ID + 50)).toBe(0);
  const listed = issuesPayload({ repoId: SUITE_REPO_ID + 51, repoFullName: 'Other-Org/Allowed', number: 1, title: 'Crash on start' });
  expect((await stack.sendWebhook('issues', listed)).status).toBe(202);
  // Unsigned strangers learn nothing about the list: the signature is checked first.
  expect((await stack.sendWebhook('issues', stranger, { secret: 'wrong' })).status).toBe(401);
});

test('a repository with its own secret accepts only that secret; the others keep the shared one', async () => {
  const store = createRepoSecretStore(pool, webhookSecretsKey(stack.config));
  const { secret } = await store.add(repoName('own'));
  const own = issue(60, 'own', 1);
  // The server reloads the secrets every 10 s at most.
  const deadline = Date.now() + 15_000;
  let shared = await stack.sendWebhook('issues', own);
  while (shared.status !== 401 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    shared = await stack.sendWebhook('issues', own);
  }
  expect(shared).toMatchObject({ status: 401, body: { error: expect.stringMatching(/signed with the shared GITHUB_WEBHOOK_SECRET, but suite-\d+\/own has a webhook secret of its own/) } });
  const accepted = await stack.sendWebhook('issues', own, { secret });
  expect(accepted.status).toBe(202);
  await stack.waitForIssue(repoName('own'), 1, (i) => i.status === 'triaged');
  // Its id is learned; GitHub's target header then names it, and the shared secret still does not do.
  expect((await store.list()).find((r) => r.fullName === repoName('own'))?.repoId).toBe(SUITE_REPO_ID + 60);
  const body = JSON.stringify(issue(60, 'own', 2));
  const target = { 'x-github-hook-installation-target-type': 'repository', 'x-github-hook-installation-target-id': String(SUITE_REPO_ID + 60) };
  expect((await post(body, { ...target, 'x-hub-signature-256': signBody(stack.webhookSecret, body) })).status).toBe(401);
  expect((await post(body, { ...target, 'x-hub-signature-256': signBody(secret, body) })).status).toBe(202);
  // Another repository of the same owner still takes the shared secret.
  expect((await stack.sendWebhook('issues', issue(61, 'shared', 1))).status).toBe(202);
}, 60_000);
