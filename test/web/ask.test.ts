import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

useSiteAndBrowser();

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
    // Commands are for the terminal client: the site shows none, and never an API path.
    expect(await page.locator('#ask-answer').textContent()).not.toMatch(/showtime |\/api\//);
    await link.click();
    await page.waitForURL(`${site.url}/shows/${showId}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sits at the top, above the search form and the results, in view without scrolling', async () => {
    await site.app.createShow();
    for (const phone of [false, true]) {
      const context = await newContext(browser, { phone });
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      await page.locator('#results li').first().waitFor();
      const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
      const [ask, search, results] = await Promise.all([top('.ask'), top('#search'), top('#results')]);
      expect(ask).toBeLessThan(search);
      expect(ask).toBeLessThan(results);
      const input = (await page.getByLabel('Your question', { exact: true }).boundingBox())!;
      expect(input.y + input.height).toBeLessThan(phone ? 844 : 900);
      await context.close();
    }
  });

  it('renders a reply as one list whose items are the links, not lines and then the same links', async () => {
    const showId = await site.app.createShow({ prices: { premium: 4500, regular: 2500 } });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await page.getByLabel('Your question', { exact: true }).fill(`how much are tickets for ${showId}?`);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const answer = page.locator('#ask-answer');
    await eventually(() => answer.textContent()).toContain('The cheapest tickets for Test Concert');

    const paragraphs = await answer.locator('p').allTextContents();
    expect(paragraphs.filter((p) => p.startsWith('- '))).toEqual([]);
    const items = answer.locator('ul.ask-list > li');
    expect(await items.count()).toBeGreaterThan(0);
    const item = items.filter({ hasText: `(${showId})` });
    expect(await item.textContent()).toMatch(/regular €25\.00 \(5 left\), premium €45\.00 \(5 left\)$/);
    expect(await item.getByRole('link').getAttribute('href')).toBe(`/shows/${showId}`);
    // The show is linked once: from its list item, not again below the list.
    expect(await answer.locator(`a[href="/shows/${showId}"]`).count()).toBe(1);
    await saveScreenshot(page, 'site-ask-prices');
    await context.close();
  });
});
