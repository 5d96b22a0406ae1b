import { createBacktestCommand } from '../../src/commands/backtest';
import { createBacktestStore } from '../../src/duplicates/backtest-store';
import { CORPUS } from '../db/similar-corpus';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { addTimelineItem, markDuplicate } from '../support/fake-github/timeline-routes';
import { runRepoCommand } from './run-command';

// `triageflow backtest` against the fake GitHub: marked duplicates found by comment and by event, the
// repository's issues loaded through the product's path into a scratch repository, the result stored.

let db: TestDatabase;
let github: FakeGithub;
const REPO = 'octo-backtest/app';

beforeAll(async () => {
  db = await startTestDatabase();
  github = await startFakeGithub();
  for (const i of CORPUS) github.issue(REPO, i.number, { title: i.title, body: i.body });
  github.issue(REPO, 9, { title: 'Sidebar crash with bookmarks', body: 'The bookmarks sidebar crashes the browser when it opens; lots of folders.' });
  github.issue(REPO, 10, { title: 'Dark mode for the address book', body: 'Please add a dark theme to the address book window.' });
  github.issue(REPO, 11, { title: 'Something is broken', body: 'It does not work.' });
  github.issue(REPO, 12, { title: 'A pull request', pullRequest: true });
  markDuplicate(github.state, REPO, 5, 1, 'comment');
  markDuplicate(github.state, REPO, 7, 2, 'comment');
  markDuplicate(github.state, REPO, 9, 5, 'event');
  markDuplicate(github.state, REPO, 10, 3, 'comment');
  markDuplicate(github.state, REPO, 11, null, 'event'); // closed as a duplicate, of what nobody said
  addTimelineItem(github.state, REPO, 8, { event: 'commented', body: 'Not a duplicate of #3, this is about the toolbar.' });
});
afterAll(async () => {
  await github?.close();
  await db?.stop();
});

const run = (args: string[]) => runRepoCommand(createBacktestCommand, { databaseUrl: db.url, githubUrl: github.url, repo: REPO }, args);

test('finds the marked duplicates, ranks them on the product path, stores the result and leaves no scratch rows', async () => {
  const { done, out } = run(['--json']);
  expect(await done).toBe(0);
  const report = JSON.parse(out.join(''));
  expect(report).toMatchObject({
    repo: REPO,
    marked: { issues: 5, linked: 4, viaComment: 3, viaEvent: 1, unresolved: [11] },
    corpus: { issues: 11 },
    queries: 8,
    recallAt5: 1,
    threshold: { precisionTarget: 0.95 },
  });
  // 1, 5 and 9 are three reports of one crash: a query of the three may find the third first.
  expect(report.recallAt1).toBeGreaterThanOrEqual(0.5);
  expect(report.neighbours.true.p50).toBeGreaterThan(report.neighbours.bestWrong.p50);
  expect(report.baselines.plainTfidf.recallAt5).toBeGreaterThan(0);
  // Four links are too few to set a threshold from: the global default stays.
  expect(report.threshold.auto).toBeNull();
  expect(report.threshold.reason).toMatch(/too little history/);

  // Only the issues marked as duplicates had their timelines read.
  const timelines = github.requestsTo('GET', /\/timeline$/).map((r) => Number(r.path.split('/')[5])).sort((a, b) => a - b);
  expect(timelines).toEqual([5, 7, 9, 10, 11]);

  const stored = await createBacktestStore(db.pool).latestAll();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ repoId: github.repoId(REPO), repoFullName: REPO, report: { recallAt5: 1 } });
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM issue_terms WHERE repo_id < 0');
  expect(rows[0].n).toBe(0);
});

test('the text report names the figures and the threshold', async () => {
  const { done, out } = run([]);
  expect(await done).toBe(0);
  const text = out.join('');
  expect(text).toContain(`${REPO}: 11 issues, 5 marked as duplicates, 4 with the issue they duplicate (3 by comment, 1 by event)`);
  expect(text).toMatch(/recall@1 \d+\.\d% {2}@5 100\.0%/);
  expect(text).toMatch(/automatic threshold: none \(too little history/);
  expect(await createBacktestStore(db.pool).latestAll()).toHaveLength(1);
});

test('the newest backtest of a repository is the one the dashboard shows and auto takes its threshold from', async () => {
  const store = createBacktestStore(db.pool);
  const [stored] = await store.latestAll();
  expect(await store.autoThreshold(github.repoId(REPO))).toBeNull();
  const later = { ...stored!.report, ranAt: new Date(Date.now() + 60_000).toISOString(), threshold: { ...stored!.report.threshold, auto: 0.77 } };
  await store.save(github.repoId(REPO), later);
  expect(await store.autoThreshold(github.repoId(REPO))).toBe(0.77);
  expect((await store.latestAll()).map((b) => [b.repoFullName, b.report.threshold.auto])).toEqual([[REPO, 0.77]]);
  expect(await store.autoThreshold(404)).toBeNull();
});

test('a repository name that is not owner/name is a usage error', async () => {
  await expect(createBacktestCommand().run(['--repo', 'nope'], {})).rejects.toThrow(/--repo OWNER\/NAME is required/);
});
