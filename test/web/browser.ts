import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Debian's chromium, never a downloaded one: tests must not fetch browsers.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

export const SCREENSHOT_DIR = '/tmp/triageflow-dashboard';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A chromium with its own throwaway profile, so no test sees another's localStorage. */
export async function launchBrowser(viewport = { width: 1366, height: 900 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport, colorScheme: 'light' });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh page that records anything the page should never do: script errors, dialogs and Content
 * Security Policy violations. `token` is put in localStorage first, as the token gate would have.
 */
export async function openPage(browser: Browser, url: string, opts: { token?: string; waitLive?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog opened: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  // Chromium reports every blocked script, style, connection or image on the console.
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP violation: ${msg.text()}`);
  });
  await page.exposeFunction('__reportCsp', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI));`);
  if (opts.token) await page.addInitScript(`localStorage.setItem('triageflow.dashboardToken', ${JSON.stringify(opts.token)});`);
  await page.goto(url);
  if (opts.waitLive === false) return { page, problems };
  await page.locator('#conn[data-state="live"]').waitFor();
  await page.locator('#list[aria-busy="false"]').waitFor({ state: 'attached' });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
