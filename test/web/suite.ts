import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSiteServer, type SiteServer } from './site-server.js';

type SiteOptions = Parameters<typeof startSiteServer>[0];

/**
 * The test file's site and browser, set by useSiteAndBrowser's beforeAll. Imports of them are live
 * bindings: a test file reads the ones its own hooks started (each file runs in a process of its own).
 */
export let site: SiteServer;
export let browser: Browser;

/**
 * Starts the site on a fresh database and a Chromium, side by side, before the file's tests, and
 * closes both after them. `opts` may be a function when the site's settings come from an earlier
 * beforeAll (an OIDC provider's address). Hooks a file registers after this one see both started,
 * and their afterAll runs before both are closed.
 */
export function useSiteAndBrowser(opts: SiteOptions | (() => SiteOptions) = {}): void {
  beforeAll(async () => {
    [site, browser] = await Promise.all([startSiteServer(typeof opts === 'function' ? opts() : opts), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
}

/** Collects uncaught page errors, so a broken script fails the test instead of hiding behind a timeout. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}
