import { createBacktestCommand } from '../../src/commands/backtest';
import { createPool } from '../../src/db/pool';
import { createBacktestStore } from '../../src/duplicates/backtest-store';
import { CORPUS } from '../db/similar-corpus';
import { eventually, githubView, newRepo, openedPayload } from '../github/support';
import { runRepoCommand } from '../github/run-command';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { markDuplicate } from '../support/fake-github/timeline-routes';
import { startStack, type Stack } from '../support/stack';
import { launchBrowser, openPage, screenshot, type Browser } from './browser';

// A backtest run against the fake GitHub is shown on the dashboard, and `duplicates.threshold: auto`
// makes the pipeline's duplicate decision take the threshold of the repository's newest backtest.

let stack: Stack;
let github: FakeGithub;
let browser: Browser;

beforeAll(async () => {
  github = await startFakeGithub();
  stack = await startStack({ env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await github?.close();
});

test('the newest backtest of each repository is on the dashboard', async () => {
  const repo = newRepo('backtest-ui', github);
  for (const i of CORPUS) github.issue(repo.repoFullName, i.number, { title: i.title, body: i.body });
  markDuplicate(github.state, repo.repoFullName, 5, 1, 'comment');
  markDuplicate(github.state, repo.repoFullName, 7, 2, 'event');
  const run = runRepoCommand(createBacktestCommand, { databaseUrl: stack.databaseUrl, githubUrl: github.url, repo: repo.repoFullName }, []);
  expect(await run.done).toBe(0);

  const api = await fetch(`${stack.baseUrl}/api/backtests?repo=${encodeURIComponent(repo.repoFullName)}`, { headers: stack.authHeaders });
  const { items } = (await api.json()) as { items: any[] };
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ repoFullName: repo.repoFullName, report: { marked: { linked: 2 }, recallAt5: 1 } });
  expect((await fetch(`${stack.baseUrl}/api/backtests?repo=nope`, { headers: stack.authHeaders })).status).toBe(400);

  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo.repoFullName)}`, { token: stack.dashboardToken });
  await page.locator('#backtests-toggle').click();
  const row = page.locator('#backtests-body tr', { hasText: repo.repoFullName });
  await row.waitFor();
  const cells = await row.locator('th, td').allTextContents();
  expect(cells[0]).toBe(repo.repoFullName);
  expect(cells.slice(2, 4)).toEqual(['8', '2 / 2']);
  expect(cells[5]).toBe('100%');
  expect(cells[10]).toBe('none');
  await screenshot(page, 'backtests');
  expect(problems).toEqual([]);
});

test('duplicates.threshold: auto takes the newest backtest\'s threshold for the duplicate decision', async () => {
  const repo = newRepo('backtest-auto', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'duplicates:\n  threshold: auto\n');
  const first = { title: 'Crash when opening the bookmarks sidebar', body: 'The browser crashes as soon as I open the bookmarks sidebar with many folders.' };
  const second = { title: 'Bookmarks sidebar makes the browser crash', body: 'Opening the sidebar for bookmarks crashes the whole browser. My bookmarks have many nested folders.' };
  github.issue(repo.repoFullName, 1, first);
  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, first.title, first.body))).status).toBe(202);
  // Write-back has read the repository's settings once the first issue is through.
  await eventually(() => githubView(stack, repo, 1), (v) => Boolean(v?.writeBack), 'first issue written back');

  // A paraphrase scores below the global 0.9; a backtest that found 0.3 lets it through.
  const pool = createPool(stack.databaseUrl);
  try {
    const store = createBacktestStore(pool);
    const [shown] = await store.latestAll();
    await store.save(repo.repoId, { ...shown!.report, repo: repo.repoFullName, ranAt: new Date().toISOString(), threshold: { ...shown!.report.threshold, auto: 0.3, reason: 'set by the test' } });
  } finally {
    await pool.end();
  }
  github.issue(repo.repoFullName, 2, second);
  expect((await stack.sendWebhook('issues', openedPayload(repo, 2, second.title, second.body))).status).toBe(202);
  const issue = await stack.waitForIssue(repo.repoFullName, 2, (i) => i.triage !== null);
  const similarity = issue.similar.find((s: { number: number }) => s.number === 1)?.similarity ?? 0;
  expect(similarity).toBeGreaterThan(0.3);
  expect(similarity).toBeLessThan(0.9);
  expect(issue.triage?.duplicateOf).toBe(1);
});
