import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser({ demo: true });

describe('browse page: near me, distance and did you mean', () => {
  it('finds what is near the browser’s location, nearest first, with a distance column', async () => {
    const context = await newContext(browser);
    // Berlin Hauptbahnhof: the ICE departs from here, the Philharmonie is under 2 km away.
    await context.grantPermissions(['geolocation'], { origin: site.url });
    await context.setGeolocation({ latitude: 52.5251, longitude: 13.3694 });
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.url}/`);
    await page.getByLabel('Distance', { exact: true }).selectOption('5');
    await page.getByRole('button', { name: 'Near me' }).click();
    await page.waitForURL(/near=52\.5251%2C13\.3694/);
    await eventually(() => page.locator('#results-status').textContent()).toMatch(/events? found\./);
    expect(page.url()).toContain('sort=distance%2Casc');

    const away = await page.locator('#results .card p.distance').allTextContents();
    expect(away.length).toBeGreaterThan(0);
    const km = away.map((text) => Number.parseFloat(text));
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(Math.max(...km)).toBeLessThanOrEqual(5);
    expect(away[0]).toBe('0.0 km away');

    const table = page.locator('#results .card').first().locator('table');
    await expect(table.locator('th').allTextContents()).resolves.toEqual(['When', 'Venue', 'Distance', 'Seats']);
    await expect(table.locator('td.distance').first().textContent()).resolves.toMatch(/^\d+\.\d km$/);
    await expect(page.locator('#results').textContent()).resolves.toContain('available');
    await saveScreenshot(page, 'site-near-me');

    await page.getByRole('button', { name: 'Anywhere' }).click();
    await page.waitForURL((url) => url.searchParams.get('near') === '');
    await eventually(() => page.locator('#results-status').textContent()).toMatch(/events found\./);
    expect(await page.locator('#results .card p.distance').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('suggests a spelling when a keyword finds little, and the suggestion searches again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.url}/`);
    await page.getByLabel('Keyword').fill('Beethovn');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=Beethovn/);
    await eventually(() => page.locator('#results-status').textContent()).toBe('1 event found. Did you mean beethoven?');
    await expect(page.getByRole('link', { name: /Classic Night/ }).count()).resolves.toBe(1);
    await page.locator('#results-status').getByRole('link', { name: 'beethoven' }).click();
    await page.waitForURL(/q=beethoven/);
    await eventually(() => page.locator('#results-status').textContent()).toBe('1 event found.');
    expect(errors).toEqual([]);
    await context.close();
  });
});
