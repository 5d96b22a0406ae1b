import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startStack, type Stack } from '../support/stack';
import { eventually, githubView, newRepo, openedPayload, type TestRepo } from '../github/support';
import { launchBrowser, openPage, screenshot, type Browser } from './browser';
import type { Page } from 'playwright-core';

// The detail panel's GitHub section in a real browser: the issue type beside the labels, the labels a
// correction took off, the close-as-duplicate countdown ticking, and the ledger.

let stack: Stack;
let github: FakeGithub;
let browser: Browser;

const CRASH = { title: 'App crashes with a segmentation fault on start', body: 'Steps: open the app. Expected: it starts. Actual: segfault and a stack trace.' };

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

async function openDetail(page: Page, repo: TestRepo, number: number) {
  await page.locator(`#issues-body tr[data-key="${repo.repoFullName.toLowerCase()}#${number}"] a.row__link`).click();
  await page.locator(`#detail-ref:text-is("${repo.repoFullName}#${number}")`).waitFor();
  return page.locator('#detail [data-section="github"]');
}

test('the GitHub section shows the type, the removals, the countdown and the ledger', async () => {
  const repo = newRepo('section', github);
  github.state.issueTypes.set(repo.repoFullName.split('/')[0]!, ['Bug', 'Feature']);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'dryRun: false\nconfidenceThreshold: 0\nmapping:\n  type: { bug: Bug, feature: Feature }\nduplicates:\n  close: { after: 1h }\n');
  for (const number of [1, 2]) {
    github.issue(repo.repoFullName, number, CRASH);
    await stack.sendWebhook('issues', openedPayload(repo, number, CRASH.title, CRASH.body, { type: null }));
    await eventually(() => githubView(stack, repo, number), (v) => v?.writeBack?.status === 'written', `#${number} written`);
  }
  await eventually(() => githubView(stack, repo, 2), (v) => v?.duplicateClose?.status === 'pending', 'the countdown');
  const corrected = await fetch(`${stack.baseUrl}/api/issues/${repo.repoFullName}/1/corrections`, {
    method: 'POST', headers: { authorization: `Bearer ${stack.dashboardToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ category: 'feature', actor: 'dana' }),
  });
  expect(corrected.status).toBe(202);
  await eventually(() => githubView(stack, repo, 1), (v) => v?.writeBack?.labelsRemoved?.includes('bug'), 'the removal');

  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo.repoFullName)}`, { token: stack.dashboardToken });
  const copy = await openDetail(page, repo, 2);
  await copy.locator('[data-fact="type"]').waitFor();
  expect(await copy.locator('[data-fact="type"] dd').textContent()).toBe('Bug (set by Triageflow)');
  const timer = copy.locator('[data-countdown="pending"]');
  const first = await timer.textContent();
  expect(first).toMatch(/^Closes as a duplicate of #1 in 59m \d+s \(.+\) unless someone objects\.$/);
  // It ticks: the text changes within a couple of seconds.
  // A locator, not waitForFunction: the dashboard's CSP refuses the eval a string predicate is polled with.
  await copy.locator('[data-countdown="pending"]', { hasNotText: first! }).waitFor();
  await copy.locator('.ledger summary').click();
  expect(await copy.locator('.ledger summary').textContent()).toMatch(/^Ledger: \d+ by Triageflow, 0 by people$/);
  expect(await copy.locator('.ledger__entry').first().textContent()).toMatch(/posted comment \d+Triageflow · triage/);
  await screenshot(page, 'github-section-countdown');

  const original = await openDetail(page, repo, 1);
  await original.getByText('Removed', { exact: true }).waitFor();
  expect(await original.locator('.fact', { hasText: 'Removed' }).locator('dd').textContent()).toBe('bug');
  expect(await original.locator('[data-fact="type"] dd').textContent()).toBe('Feature (replaced Bug)');
  await original.locator('.ledger summary').click();
  expect(await original.locator('.ledger__entry').first().textContent()).toMatch(/Triageflow · correction/);
  await screenshot(page, 'github-section-ledger');
  expect(problems).toEqual([]);
});
