import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startStack, type Stack } from '../support/stack';
import { eventually, githubView, newRepo, openedPayload } from '../github/support';
import { launchBrowser, openPage, screenshot, type Browser } from './browser';

// The dashboard's review queue in a real browser: an issue the confidence gate holds is listed, opens
// its detail panel, and its approval there writes the labels to (the fake) GitHub and empties the queue.

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

test('a held issue is listed on the review queue, opens its panel, and its approval there writes it back', async () => {
  const repo = newRepo('review-ui', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'dryRun: false\nconfidenceThreshold: 1\nreview: { timeout: 1h, onTimeout: skip }\n');
  const text = { title: 'Crash when saving a file', body: 'The app crashes with an exception when I save.' };
  github.issue(repo.repoFullName, 1, text);
  expect((await stack.sendWebhook('issues', openedPayload(repo, 1, text.title, text.body))).status).toBe(202);
  await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'awaiting-review', 'held for review');

  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo.repoFullName)}`, { token: stack.dashboardToken });
  await page.locator('#review-toggle').click();
  const item = page.locator('#review-list .review__item', { hasText: `${repo.repoFullName}#1` });
  await item.waitFor();
  expect(await page.locator('#review-count').textContent()).toBe('1');
  expect(await item.textContent()).toMatch(/Crash when saving a file.*would add .*until /);
  await screenshot(page, 'review-queue');

  await item.locator('a').click();
  await page.locator('#detail [data-section="github"]').waitFor();
  expect(await page.locator('#detail [data-section="github"]').textContent()).toMatch(/Waiting for review/);
  await page.getByRole('button', { name: 'Approve and write' }).click();
  await page.getByText('Approved: the labels are being written.').waitFor();
  const written = await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.status === 'written', 'written after approval');
  expect(github.issue(repo.repoFullName, 1).labels).toEqual(written.writeBack.labelsAdded);

  await page.locator('#review-toggle').click(); // close
  await page.locator('#review-toggle').click(); // open again: reloads
  await page.getByText('Nothing is waiting').waitFor();
  expect(await page.locator('#review-list .review__item').count()).toBe(0);
  expect(problems).toEqual([]);
});
