import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';
import { book } from '../http/fixtures.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

useSiteAndBrowser();

describe('your data, on the web site', () => {
  it('downloads everything held about the customer, refuses deletion while a booking is upcoming, then deletes', async () => {
    const t = site.app;
    const ada = await t.register('Ada Leaving');
    const showId = await t.createShow();
    const { bookingId } = await book(t, ada.token, showId, { seats: ['A-3'] });

    const context = await newContext(browser, { token: ada.token });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
    });
    await page.goto(`${site.url}/account`);
    await page.getByRole('navigation', { name: 'My account' }).getByRole('link', { name: 'Your data' }).click();
    await page.waitForURL(`${site.url}/account/data`);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('showtime-my-data.json');
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data.account).toMatchObject({ userId: ada.userId, email: ada.email, name: 'Ada Leaving' });
    expect(data.bookings).toEqual([expect.objectContaining({ bookingId, seats: ['A-3'] })]);
    await eventually(() => page.locator('#export-status').textContent()).toMatch(/^Downloaded: 1 booking, 1 payment/);

    const deleteAccount = async () => {
      await page.getByLabel('Password').fill('correct horse');
      await page.locator('#erase-form').getByRole('button', { name: 'Delete my account' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete my account' }).click();
    };
    await deleteAccount();
    await eventually(() => page.locator('#erase-status').textContent()).toMatch(/cancel your upcoming bookings/);
    await eventually(() => page.locator('#erase-blockers a').count()).toBe(1);
    expect(await page.locator('#erase-blockers a').getAttribute('href')).toBe(`/bookings/${bookingId}`);
    await saveScreenshot(page, 'site-your-data');
    expect((await t.call('GET', '/api/me', { token: ada.token })).status).toBe(200);

    expect((await t.call('DELETE', `/api/bookings/${bookingId}`, { token: ada.token })).status).toBe(200);
    await deleteAccount();
    await eventually(() => page.locator('#erase-status').textContent()).toBe('Your account has been deleted. Goodbye!');
    // A string, as it runs in the page: the tests' TypeScript has no DOM types.
    expect(await page.evaluate("localStorage.getItem('showtime.token')")).toBeNull();
    expect((await t.call('GET', '/api/me', { token: ada.token })).status).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });
});
