import crypto from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { CATEGORIES, PRIORITIES } from '../../src/domain/triage';
import type { IssueDetail } from '../../src/issues/view';
import { issuePayload, startStack, SUITE_REPO_ID, type Stack } from '../support/stack';
import { launchBrowser, openPage, screenshot, type Browser } from './browser';

// The dashboard against the real stack in a real browser: issues arrive by signed webhook, the page
// learns about them only through socket.io, and corrections go through the authenticated API.

const XSS_TITLE = '<img src=x onerror=alert(1)>';
const repoId = SUITE_REPO_ID;
const repo = `dash-${crypto.randomBytes(3).toString('hex')}/web`;

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function deliverIssue(number: number, title: string, body = 'Steps:\n1. open the app\n2. it crashes with <b>TypeError</b>', targetRepo = repo) {
  const sent = await stack.sendWebhook('issues', issuePayload({
    action: 'opened', repoId: targetRepo === repo ? repoId : repoId + 1, repoFullName: targetRepo, number, title, body, labels: ['from-github'],
  }));
  expect(sent.status).toBeLessThan(300);
  return stack.waitForIssue(targetRepo, number, (i) => i.status === 'triaged', 60_000);
}

const rowOf = (page: Page, number: number, inRepo = repo) =>
  page.locator(`#issues-body tr[data-key="${inRepo.toLowerCase()}#${number}"]`);

async function text(locator: Locator) {
  return (await locator.textContent())?.trim() ?? '';
}

async function openDetail(page: Page, number: number) {
  await rowOf(page, number).locator('a.row__link').click();
  await page.locator(`#detail-ref:text-is("${repo}#${number}")`).waitFor();
  await page.locator('#detail-title').waitFor();
}

const otherThan = <T extends string>(all: readonly T[], current: T | undefined) => all.find((v) => v !== current)!;

test('a webhook-delivered issue appears live, its untrusted title shown as literal text', async () => {
  const { page, problems } = await openPage(browser, `${stack.baseUrl}/`, { token: stack.dashboardToken });
  await page.evaluate('window.sameDocument = true');

  const sent = stack.sendWebhook('issues', issuePayload({ action: 'opened', repoId, repoFullName: repo, number: 101, title: XSS_TITLE, body: 'body <script>alert(2)</script>', labels: ['<b>bold</b>'] }));
  expect((await sent).status).toBeLessThan(300);

  const row = rowOf(page, 101);
  await row.waitFor();
  expect(await text(row.locator('.row__title'))).toBe(XSS_TITLE);
  expect(await row.locator('.label', { hasText: '<b>bold</b>' }).count()).toBe(1);
  expect(await page.locator('#issues-body img, #issues-body b').count()).toBe(0);

  // The status moves on without a reload: the same document receives the update over the socket.
  await stack.waitForIssue(repo, 101, (i) => i.status === 'triaged', 60_000);
  await row.locator('.badge--triaged').waitFor();
  expect(await page.evaluate('window.sameDocument')).toBe(true);
  await screenshot(page, 'list-1366');

  await openDetail(page, 101);
  expect(await text(page.locator('#detail-title'))).toBe(XSS_TITLE);
  expect(await text(page.locator('#detail .issue-body'))).toBe('body <script>alert(2)</script>');
  expect(await page.locator('#detail img, #detail script, #detail b').count()).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
});

test('the detail panel shows the triage result and links to GitHub and the Temporal workflow', async () => {
  const issue = await deliverIssue(102, 'Crash when saving settings on Windows');
  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo)}`, { token: stack.dashboardToken });
  await openDetail(page, 102);

  expect(await text(page.locator('#detail-title'))).toBe('Crash when saving settings on Windows');
  expect(await page.locator(`#detail .chip--${issue.triage!.category}`).count()).toBeGreaterThan(0);
  expect(await text(page.locator('#detail .facts .confidence__value'))).toBe(`${Math.round(issue.triage!.confidence * 100)}%`);
  expect(await text(page.locator('#detail .workflow-id'))).toBe(issue.workflowId);
  if (issue.url) expect(await page.locator('#detail a', { hasText: 'Open on GitHub' }).getAttribute('href')).toBe(issue.url);
  if (issue.temporalUrl) expect(await page.locator('#detail a', { hasText: 'Temporal UI' }).getAttribute('href')).toBe(issue.temporalUrl);
  expect(problems).toEqual([]);
  await page.close();
});

test('a wrong dashboard token is rejected with a message saying where the token comes from', async () => {
  const issue = await deliverIssue(103, 'Docs page for webhooks is missing');
  const { page, problems } = await openPage(browser, `${stack.baseUrl}/`, { token: stack.dashboardToken });
  await openDetail(page, 103);

  const form = page.locator('#correction-form');
  await form.locator('[name="category"]').selectOption(otherThan(CATEGORIES, issue.triage?.category));
  await form.locator('[name="actor"]').fill('Wrong Token Tester');
  await form.locator('[name="token"]').fill('not-the-dashboard-token');
  await form.locator('button[type="submit"]').click();

  const alert = page.locator('#correction-alert');
  await alert.waitFor();
  expect(await text(alert)).toMatch(/token was rejected \(401/);
  expect(await text(alert)).toContain('npm run dev');
  expect(await form.locator('[name="token"]').getAttribute('aria-invalid')).toBe('true');
  await screenshot(page, 'wrong-token-1366');

  const after = await stack.waitForIssue(repo, 103);
  expect(after.corrections).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('a triager corrects category and priority and sees the status and audit entry update live', async () => {
  const issue = await deliverIssue(104, 'Add CSV export to the issues list');
  const category = otherThan(CATEGORIES, issue.triage?.category);
  const priority = otherThan(PRIORITIES, issue.triage?.priority ?? undefined);
  const { page, problems } = await openPage(browser, `${stack.baseUrl}/`, { token: stack.dashboardToken });
  await openDetail(page, 104);

  const form = page.locator('#correction-form');
  await form.locator('[name="category"]').selectOption(category);
  await form.locator('[name="priority"]').selectOption(priority);
  await form.locator('[name="note"]').fill('Customer escalation, see support ticket');
  await form.locator('[name="actor"]').fill('Tess Triager');
  await form.locator('[name="token"]').fill(stack.dashboardToken);
  await form.locator('button[type="submit"]').click();

  await page.locator('#correction-status:has-text("applied")').waitFor({ timeout: 30_000 });
  await page.locator('#detail .detail__meta .badge--corrected').waitFor();
  await rowOf(page, 104).locator('.badge--corrected').waitFor();
  expect(await rowOf(page, 104).locator(`.chip--${category}`).count()).toBe(1);

  const entry = page.locator('#detail .audit__item').first();
  expect(await text(entry.locator('.audit__actor'))).toBe('Tess Triager');
  expect(await text(entry.locator('.audit__note'))).toBe('Customer escalation, see support ticket');
  expect(await entry.locator(`.diff__before .chip--${issue.triage!.category}`).count()).toBe(1);
  expect(await entry.locator(`.diff__after .chip--${category}`).count()).toBe(1);
  expect(await text(entry.locator(`.diff__after .prio--${priority}`))).toBe(priority.toUpperCase());
  // The stats strip follows live events too (debounced), from the real /api/stats.
  await page.locator('#stats [data-stat="corrected"]:text-is("1")').waitFor();
  await entry.scrollIntoViewIfNeeded();
  await screenshot(page, 'corrected-1366');

  const stored = await stack.waitForIssue(repo, 104, (i: IssueDetail) => i.corrected);
  expect(stored).toMatchObject({ status: 'corrected', triage: { category, priority } });
  expect(stored.corrections[0]).toMatchObject({ actor: 'Tess Triager', after: { category, priority } });

  // The name and token are remembered for the next correction, in this browser only.
  await page.reload();
  await page.locator('#detail-title').waitFor();
  // The form fills from the saved preferences once the detail has rendered; on a loaded machine that is a moment later.
  await page.waitForFunction(`(document.querySelector('#correction-form [name="actor"]')?.value ?? '') !== ''`);
  expect(await form.locator('[name="actor"]').inputValue()).toBe('Tess Triager');
  expect(await form.locator('[name="token"]').inputValue()).toBe(stack.dashboardToken);
  expect(problems).toEqual([]);
  await page.close();
});

test('live events are filtered client-side like the list query', async () => {
  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo)}`, { token: stack.dashboardToken });
  const elsewhere = `${repo}-other`;
  await deliverIssue(7, 'Belongs to another repository', 'text', elsewhere);
  await deliverIssue(105, 'Belongs to the filtered repository');
  await rowOf(page, 105).locator('.badge--triaged').waitFor();
  expect(await rowOf(page, 7, elsewhere).count()).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
});

test('works at phone width', async () => {
  await deliverIssue(106, 'Settings page overflows on small screens');
  const { page, problems } = await openPage(browser, `${stack.baseUrl}/`, { token: stack.dashboardToken });
  await page.setViewportSize({ width: 390, height: 844 });
  await rowOf(page, 106).waitFor();
  await screenshot(page, 'list-390');
  await openDetail(page, 106);
  expect(await page.locator('#detail').boundingBox()).toMatchObject({ x: 0, width: 390 });
  await screenshot(page, 'detail-390');
  await page.keyboard.press('Escape');
  await page.locator('#detail').waitFor({ state: 'hidden' });
  expect(problems).toEqual([]);
  await page.close();
});

test('a private dashboard asks for the token once, keeps it, and passes its Content-Security-Policy', async () => {
  await deliverIssue(107, 'Private repository issue behind the token');
  const response = await fetch(`${stack.baseUrl}/`);
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');

  // A browser of its own: the shared one keeps the token the other tests stored.
  const fresh = await launchBrowser();
  const { page, problems } = await openPage(fresh, `${stack.baseUrl}/`, { waitLive: false });
  const gate = page.locator('#token-gate');
  await gate.waitFor();
  await page.locator('#conn[data-state="locked"]').waitFor();
  expect(await page.locator('#issues-body tr').count()).toBe(0);
  await screenshot(page, 'token-gate-1366');

  await gate.locator('[name="token"]').fill('not-the-token');
  await gate.locator('button[type="submit"]').click();
  await page.locator('#token-gate-error:has-text("rejected (401)")').waitFor();

  await gate.locator('[name="token"]').fill(stack.dashboardToken);
  await gate.locator('button[type="submit"]').click();
  await page.locator('#conn[data-state="live"]').waitFor();
  await rowOf(page, 107).waitFor();
  expect(await gate.isHidden()).toBe(true);

  // Kept in this browser: a reload goes straight to the issues.
  await page.reload();
  await page.locator('#conn[data-state="live"]').waitFor();
  await rowOf(page, 107).waitFor();
  expect(await gate.isHidden()).toBe(true);
  expect(problems).toEqual([]);

  // The policy is enforced and the watch above sees violations: an injected inline script is blocked.
  await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.append(s); })()`);
  for (let i = 0; i < 50 && !problems.some((p) => p.startsWith('CSP violation')); i++) await page.waitForTimeout(100);
  expect(problems.filter((p) => p.startsWith('CSP violation')).length).toBeGreaterThan(0);
  expect(await page.evaluate('window.injected === undefined')).toBe(true);
  await fresh.close();
});

test('the accuracy view draws its chart (not blank) and the category confusion matrix, at desktop and phone width', async () => {
  const a = await deliverIssue(108, 'Crash when exporting a report');
  await deliverIssue(109, 'How do I configure the proxy?');
  const wrong = otherThan(CATEGORIES, a.triage?.category);
  const res = await fetch(`${stack.baseUrl}/api/issues/${repo}/108/corrections`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...stack.authHeaders }, body: JSON.stringify({ category: wrong, actor: 'Chart Tester' }),
  });
  expect(res.status).toBe(202);
  await stack.waitForIssue(repo, 108, (i) => i.corrected);

  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo)}`, { token: stack.dashboardToken });
  await page.locator('#accuracy-toggle').click();
  await page.locator('#accuracy[data-state="ready"]').waitFor();
  // The corrected issue: final `wrong`, predicted its old category, one count in that cell.
  expect(await text(page.locator(`#confusion td[data-final="${wrong}"][data-predicted="${a.triage!.category}"]`))).toBe('1');
  expect(await text(page.locator('#accuracy-summary'))).toMatch(/corrected/);

  const canvas = page.locator('#accuracy-chart');
  const shot = await canvas.screenshot({ path: `${await screenshot(page, 'accuracy-1366')}.chart.png` });
  // A blank canvas is one colour and compresses to almost nothing; a drawn chart has axes, lines and bars.
  expect(shot.length).toBeGreaterThan(5_000);
  const colours = await page.evaluate(`(() => {
    const c = document.getElementById('accuracy-chart');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 16) if (data[i + 3] > 0) seen.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2]);
    return seen.size;
  })()`);
  expect(colours).toBeGreaterThan(10);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#accuracy-chart').scrollIntoViewIfNeeded();
  const box = await page.locator('#accuracy').boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await screenshot(page, 'accuracy-390');
  expect(problems).toEqual([]);
  await page.close();
});

test('at phone width: similar issues with scores and links, one-key corrections with undo', async () => {
  const title = 'Export to PDF crashes with a null pointer on large reports';
  const body = 'Steps: open a report with 500 rows, click Export to PDF. The app crashes with NullPointerException in PdfWriter.';
  await deliverIssue(110, title, body);
  const copy = await deliverIssue(111, title, `${body} Seen on version 2.3.`);
  expect(copy.similar.map((s) => s.number)).toContain(110);
  const category = otherThan(CATEGORIES, copy.triage?.category);
  const categoryKey = { bug: 'b', feature: 'f', question: 'q', documentation: 'd', other: 'o' }[category];
  const priority = otherThan(PRIORITIES, copy.triage?.priority ?? undefined);

  const { page, problems } = await openPage(browser, `${stack.baseUrl}/?repo=${encodeURIComponent(repo)}`, { token: stack.dashboardToken });
  await page.evaluate(`localStorage.setItem('triageflow.actor', 'Quick Keys')`);
  await page.setViewportSize({ width: 390, height: 844 });
  await openDetail(page, 111);

  const item = page.locator('#detail .similar__item', { hasText: '#110' });
  expect(await item.locator('a').first().getAttribute('href')).toBe(`?issue=${encodeURIComponent(`${repo}/110`)}`);
  expect(await text(item.locator('.similar__score'))).toMatch(/^\d{1,3}%$/);
  // The near-copy is the duplicate, and both parts of its score show.
  expect(copy.triage?.duplicateOf).toBe(110);
  expect(await text(item.locator('.similar__parts'))).toMatch(/^duplicate of\s*words \d{1,3}% · embedding \d{1,3}%$/);
  await item.scrollIntoViewIfNeeded();
  await screenshot(page, 'similar-issues-390');
  expect(await item.locator('a.similar__gh').getAttribute('href')).toBe(`https://github.com/${repo}/issues/110`);

  // Keys go to the page, not a field: focus the panel's title as opening it does.
  await page.locator('#detail-title').focus();
  await page.keyboard.press(categoryKey);
  await page.keyboard.press(priority.slice(1));
  const toast = page.locator('#quick-toast');
  await toast.locator(`text=category ${category}, priority ${priority.toUpperCase()}`).waitFor();
  const box = await toast.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await screenshot(page, 'quick-correct-390');
  await page.locator('#quick-undo').click();
  await page.locator('#quick-toast[data-state="undone"]').waitFor();
  await page.waitForTimeout(6_000);
  expect((await stack.waitForIssue(repo, 111)).corrections).toEqual([]);

  await page.locator('#detail-title').focus();
  await page.keyboard.press(categoryKey);
  await page.keyboard.press(priority.slice(1));
  await page.locator('#quick-toast[data-state="sent"]').waitFor({ timeout: 15_000 });
  const stored = await stack.waitForIssue(repo, 111, (i) => i.corrected, 30_000);
  expect(stored.triage).toMatchObject({ category, priority });
  expect(stored.corrections).toHaveLength(1);
  expect(stored.corrections[0]).toMatchObject({ actor: 'Quick Keys', after: { category, priority } });
  await rowOf(page, 111).locator('.badge--corrected').waitFor();
  expect(problems).toEqual([]);
  await page.close();
});
