import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { issuesPayload } from '../../src/github/sample-payload';
import { signBody } from '../../src/github/sign';
import { SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The webhook door through the real stack: a flood to one repository is accepted and triaged at the
// repository's pace, only a repository past INBOX_REPO_QUOTA gets 429, a replayed body is a duplicate,
// values GitHub never sends are refused by field (and kept in the dead letter) without holding anything
// back, and long titles and bodies GitHub does serve are triaged.

let stack: Stack;
const repoName = (offset: number) => `suite-${SUITE_REPO_ID}/door-${offset}`;
const issue = (offset: number, number: number, extra: Parameters<typeof issuesPayload>[0] = {}) =>
  issuesPayload({ repoId: SUITE_REPO_ID + offset, repoFullName: repoName(offset), number, title: `Crash ${offset}-${number} when saving a file`, body: 'Steps: open, save. It crashes with a stack trace.', ...extra });

beforeAll(async () => {
  // 600 a minute with a burst of 5: a flood of 30 takes about 2.5 s, long enough to see it paced.
  stack = await startStack({ env: { WEBHOOK_RATE_LIMIT: '600', WEBHOOK_RATE_BURST: '5', INBOX_REPO_QUOTA: '40' } });
});
afterAll(async () => stack?.stop());

async function send(payload: object, deliveryId = randomUUID()) {
  const res = await fetch(`${stack.baseUrl}/webhooks/github`, stack.signedRequest('issues', payload, { deliveryId }));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}
const inbox = async () => (await (await fetch(`${stack.baseUrl}/api/inbox`, { headers: stack.authHeaders })).json()) as any;

test('a flood to one repository is all accepted and all triaged, at the repository\'s pace; another repository is not held up', async () => {
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(issue(1, i + 1))));
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
  const other = await send(issue(2, 1));
  expect(other.status).toBe(202);
  const otherTriaged = Date.now();
  await stack.waitForIssue(repoName(2), 1, (i) => i.status === 'triaged');
  expect(Date.now() - otherTriaged).toBeLessThan(5_000);
  for (let n = 1; n <= 30; n++) await stack.waitForIssue(repoName(1), n, (i) => i.status === 'triaged', 60_000);
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ span: number; n: number }>(
      'SELECT EXTRACT(EPOCH FROM max(forwarded_at) - min(forwarded_at))::float8 AS span, count(*)::int AS n FROM webhook_inbox WHERE repo_id = $1', [SUITE_REPO_ID + 1]);
    // 5 at once, then one every 100 ms: the 30th about 2.5 s after the first.
    expect(rows[0]).toMatchObject({ n: 30 });
    expect(rows[0]!.span).toBeGreaterThanOrEqual(2.2);
  } finally {
    await client.end();
  }
}, 120_000);

test('past INBOX_REPO_QUOTA waiting deliveries a repository gets 429 with Retry-After and RateLimit headers; others do not', async () => {
  // Paced at one a minute after the first, so the deliveries stay waiting.
  const slow = await startStack({ worker: false, env: { WEBHOOK_RATE_LIMIT: '1', WEBHOOK_RATE_BURST: '1', INBOX_REPO_QUOTA: '5' } });
  try {
    const post = async (offset: number, number: number) => {
      const res = await fetch(`${slow.baseUrl}/webhooks/github`, slow.signedRequest('issues', issue(offset, number)));
      return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
    };
    const accepted: number[] = [];
    for (let n = 1; n <= 5; n++) accepted.push((await post(3, n)).status);
    expect(accepted).toEqual(Array(5).fill(202));
    // One went at once, the rest wait for the pace; the door's count may lag the forwarder by a delivery.
    let refused = await post(3, 6);
    for (let tries = 0; refused.status === 202 && tries < 3; tries++) refused = await post(3, 7 + tries);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/has \d+ deliveries waiting to be triaged, as many as INBOX_REPO_QUOTA allows.*reconciliation sweep/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-limit')).toBe('5');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect((await post(4, 1)).status).toBe(202);
    const stats = (await (await fetch(`${slow.baseUrl}/api/stats`, { headers: slow.authHeaders })).json()) as any;
    expect(stats.inbox.repos).toEqual(expect.arrayContaining([expect.objectContaining({ repo: repoName(3), refused: expect.any(Number), throttled: expect.any(Number) })]));
    const repo3 = stats.inbox.repos.find((r: any) => r.repo === repoName(3));
    expect(repo3.refused).toBeGreaterThanOrEqual(1);
    expect(repo3.throttled).toBeGreaterThanOrEqual(4);
    const metrics = await (await fetch(`${slow.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`triageflow_inbox_repo_throttled\\{[^}]*repo="${repoName(3)}"[^}]*\\} [4-9]`));
  } finally {
    await slow.stop();
  }
});

test('the same signed body under ten delivery ids is one delivery: nine answers say duplicate', async () => {
  const payload = issue(5, 1);
  const answers = [];
  for (let i = 0; i < 10; i++) answers.push(await send(payload));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(9);
  await stack.waitForIssue(repoName(5), 1, (i) => i.status === 'triaged');
});

test('updated_at "infinity" is refused naming the field and kept in the dead letter; the issue\'s next edit and other issues are triaged', async () => {
  const poisonId = randomUUID();
  const poison = await send(issue(6, 1, { updatedAt: 'infinity' }), poisonId);
  expect(poison.status).toBe(400);
  expect(poison.body.error).toMatch(/issue\.updated_at: "infinity" is not an ISO-8601 date-time.*2024-05-01T12:00:00Z/);
  expect((await send(issue(6, 1, { action: 'edited', title: 'Crash when saving, edited' }))).status).toBe(202);
  expect((await send(issue(6, 2))).status).toBe(202);
  await stack.waitForIssue(repoName(6), 1, (i) => i.status === 'triaged' && i.title === 'Crash when saving, edited');
  await stack.waitForIssue(repoName(6), 2, (i) => i.status === 'triaged');
  const view = await inbox();
  expect(view.parkedDeliveries).toEqual(expect.arrayContaining([expect.objectContaining({ deliveryId: poisonId, invalid: true, repo: repoName(6), number: 1 })]));
});

test.each([
  ['an issue number past 2^31', (p: any) => void (p.issue.number = 2 ** 32), /issue\.number: must be at most 2147483647/],
  ['a repository id that is not a whole number', (p: any) => void (p.repository.id = 1.5), /repository\.id: must be a whole number/],
  ['a comment count past 2^31', (p: any) => void (p.issue.comments = 2 ** 40), /issue\.comments: must be at most 2147483647/],
  ['a time in year 1900', (p: any) => void (p.issue.created_at = '1900-01-01T00:00:00Z'), /issue\.created_at: "1900-01-01T00:00:00Z" is outside 2007-2099/],
])('%s is a 400 naming the field, not a 503', async (_what, mutate, message) => {
  const payload = issue(7, 1) as any;
  mutate(payload);
  const res = await send(payload);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(message);
});

test('titles past 256 characters, a 228 KB body and a \\u0000 escape are all triaged', async () => {
  const long = `${'Long title of a real issue that GitHub accepted through its API and serves as it is '.repeat(4)}end`.slice(0, 290);
  const huge = `Stack trace follows.\n${'    at org.example.Thing.method(Thing.java:42)\n'.repeat(5_000)}`.slice(0, 228_000);
  expect((await send(issue(8, 1, { title: long }))).status).toBe(202);
  expect((await send(issue(8, 2, { body: huge }))).status).toBe(202);
  expect((await send(issue(8, 3, { body: 'a NUL \u0000 inside the text' }))).status).toBe(202);
  const [a, b, c] = await Promise.all([1, 2, 3].map((n) => stack.waitForIssue(repoName(8), n, (i) => i.status === 'triaged', 60_000)));
  expect(a!.title).toBe(long);
  expect(b!.body).toHaveLength(228_000);
  expect(c!.body).toBe('a NUL \uFFFD inside the text');
}, 120_000);

test('an unsigned body is still refused before anything is stored', async () => {
  const body = JSON.stringify(issue(9, 1));
  const res = await fetch(`${stack.baseUrl}/webhooks/github`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signBody('wrong', body) },
  });
  expect(res.status).toBe(401);
  expect((await inbox()).repos.map((r: any) => r.repo)).not.toContain(repoName(9));
});
