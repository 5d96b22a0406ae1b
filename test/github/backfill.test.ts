import { createBackfillCommand } from '../../src/commands/backfill';
import { parseLink } from '../../src/github/backfill';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { runRepoCommand } from './run-command';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';

// `triageflow backfill` against the fake GitHub: paging by Link header, resuming, the secondary rate limit.

let db: TestDatabase;
let github: FakeGithub;
const REPO = 'octo-backfill/app';
const KINDS = [
  { label: 'bug', title: 'Crash on start', body: 'The app crashes with an exception and a stack trace.' },
  { label: 'enhancement', title: 'Add an export to CSV', body: 'It would be nice to export the table as CSV.' },
  { label: 'question', title: 'How do I change the port?', body: 'Where is the setting for the port?' },
];

beforeAll(async () => {
  db = await startTestDatabase();
  github = await startFakeGithub();
  // 250 issues: 240 labelled by people, 10 open without a label; 3 pages of 100.
  for (let n = 1; n <= 250; n++) {
    const kind = KINDS[n % 3]!;
    github.issue(REPO, n, { title: `${kind.title} (${n})`, body: kind.body, labels: n > 240 ? [] : [kind.label], state: n % 2 ? 'open' : 'closed' });
  }
  github.issue(REPO, 251, { title: 'A pull request', pullRequest: true });
});
afterAll(async () => {
  await github?.close();
  await db?.stop();
});

const run = (args: string[]) => runRepoCommand(createBackfillCommand, { databaseUrl: db.url, githubUrl: github.url, repo: REPO }, args);
const pages = () => github.requestsTo('GET', new RegExp(`^/repos/${REPO}/issues$`)).map((r) => Number(r.query.get('page')));

test('Link headers are parsed for next and last', () => {
  expect(parseLink('<https://api.github.com/repositories/1/issues?page=3&per_page=100>; rel="next", <https://api.github.com/repositories/1/issues?page=7&per_page=100>; rel="last"')).toEqual({ next: 3, last: 7 });
  expect(parseLink(undefined)).toEqual({});
});

test('pages through every issue, resumes after an interruption, and waits out the secondary rate limit', async () => {
  const page = (n: number) => new RegExp(`^/repos/${REPO}/issues\\?.*\\bpage=${n}\\b`);
  // Page 2 fails for good (three 502s outlast the client's two retries): the run stops after page 1.
  github.fail('GET', page(2), ...[1, 2, 3].map(() => ({ status: 502, message: 'Server Error' })));
  const first = run(['--train', '--triage-open']);
  await expect(first.done).rejects.toThrow(/Server Error/);
  expect(pages()).toEqual([1, 2, 2, 2]);

  // The rerun starts at page 2; GitHub's secondary rate limit on page 3 is waited out (Retry-After) by the client.
  github.requests.length = 0;
  github.fail('GET', page(3), { status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', headers: { 'retry-after': '1' } });
  const second = run(['--train', '--triage-open']);
  expect(await second.done).toBe(0);
  expect(pages()).toEqual([2, 3, 3]);
  expect(second.out.join('')).toContain('Resumed at page 2.');
  expect(second.out.join('')).toContain(`${REPO}: 250 issues read, 240 imported as training data, 5 queued for triage.`);
  expect(second.err.join('')).toMatch(/\[#{24}\] page 3\/3 · 250 issues/);

  const { rows: examples } = await db.pool.query('SELECT count(DISTINCT issue_key)::int AS n FROM offline_examples');
  expect(examples[0].n).toBe(240);
  const { rows: queued } = await db.pool.query<{ delivery_id: string; issue_number: number }>('SELECT delivery_id, issue_number FROM webhook_inbox ORDER BY issue_number');
  expect(queued.map((r) => r.issue_number)).toEqual([241, 243, 245, 247, 249]);
  expect(queued[0]!.delivery_id).toBe(`backfill-${github.repoId(REPO)}-241`);

  // Done: a third run reads no pages and queues nothing twice.
  github.requests.length = 0;
  const third = run(['--triage-open']);
  expect(await third.done).toBe(0);
  expect(pages()).toEqual([]);
}, 120_000);

test('a call without credentials or without work says what to set', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const command = createBackfillCommand({ out: (t) => void out.push(t), err: (t) => void err.push(t) });
  expect(await command.run(['--repo', REPO, '--train'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' })).toBe(78);
  expect(err.join('')).toMatch(/set GITHUB_TOKEN/);
  await expect(command.run(['--repo', REPO], { LOG_LEVEL: 'silent' })).rejects.toThrow(/--train, --triage-open, or both/);
  await expect(command.run(['--repo', 'nope', '--train'], { LOG_LEVEL: 'silent' })).rejects.toThrow(/--repo OWNER\/NAME/);
});
