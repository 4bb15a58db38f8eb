import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { eventually, newContext, startSiteServer, type SiteServer } from './site-server.js';

let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startSiteServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the Ask box on the home page', () => {
  it("shows the assistant's reply and links to the pages it suggests", async () => {
    const showId = await site.app.createShow();
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${site.url}/`);
    await page.getByLabel('Your question', { exact: true }).fill(`seats left for ${showId}`);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await eventually(() => page.locator('#ask-answer').textContent()).toContain('10 of 10 seats left');

    const link = page.locator('#ask-answer').getByRole('link', { name: 'Open the seat map of Test Concert' });
    expect(await link.getAttribute('href')).toBe(`/shows/${showId}`);
    await link.click();
    await page.waitForURL(`${site.url}/shows/${showId}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
