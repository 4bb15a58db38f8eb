import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HallLayout } from '../../src/db/schema/index.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

/** Two seats: one customer's hold fills the show, so the other can only wait. */
const twoSeats: HallLayout = {
  sections: [{ name: 'Loge', kind: 'reserved', rows: [{ row: 'A', seats: 2, category: 'regular' }] }],
};

useSiteAndBrowser();

async function openShow(
  token: string,
  showId: string,
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await newContext(browser, { token });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.url}/shows/${showId}`);
  await page.locator('#seatmap[data-ready=true]').waitFor();
  return { page, errors, close: () => context.close() };
}

const seat = (page: Page, label: string) => page.getByRole('button', { name: label, exact: true });

describe('live seat map and waitlist across two browsers', () => {
  it("turns one customer's hold into held seats on the other's map, then offers the seats to the waitlist", async () => {
    const showId = await site.app.createShow({ layout: twoSeats, prices: { regular: 4000 } });
    const ann = await site.app.register('Ann');
    const bob = await site.app.register('Bob');
    const a = await openShow(ann.token, showId);
    const b = await openShow(bob.token, showId);
    // Set once, still there at the end: Bob's page never reloads, every change arrives live.
    await b.page.evaluate('window.__sameDocument = true');

    await seat(a.page, 'Row A seat 1, regular, 40.00 EUR, available').click();
    await seat(a.page, 'Row A seat 2, regular, 40.00 EUR, available').click();
    await a.page.getByRole('button', { name: 'Hold 2 seats' }).click();
    await a.page.getByRole('heading', { name: 'Your seats are held' }).waitFor();

    // Over SSE, without Bob touching anything.
    await seat(b.page, 'Row A seat 1, regular, 40.00 EUR, held').waitFor();
    await seat(b.page, 'Row A seat 2, regular, 40.00 EUR, held').waitFor();
    await eventually(() => b.page.locator('#show-state').getAttribute('data-state')).toBe('onSale.allHeld');
    const waitlist = b.page.getByRole('region', { name: 'Waitlist' });
    await waitlist.waitFor();
    await saveScreenshot(b.page, 'live-held-by-other');

    await waitlist.getByLabel('Seats').selectOption('2');
    await waitlist.getByRole('button', { name: 'Join waitlist' }).click();
    await eventually(() => b.page.locator('#waitlist-position').textContent()).toBe(
      'You are number 1 in line for 2 seats.',
    );

    await a.page.getByRole('button', { name: 'Release these seats' }).click();

    // The offer reaches Bob through the long poll, with a countdown to the offer's own deadline.
    const offer = b.page.locator('#offer-text');
    await eventually(() => offer.textContent()).toMatch(/^Seats are free for you: Row A seat 1/);
    const entryId = (await b.page.evaluate(`localStorage.getItem('showtime.waitlist.${showId}')`)) as string;
    const entry = await site.app.call('GET', `/api/shows/${showId}/waitlist/${entryId}?waitSeconds=0`, {
      token: bob.token,
    });
    expect(entry.body.status).toBe('offered');
    await eventually(() => b.page.locator('#offer-timer').getAttribute('data-expires-at')).toBe(
      entry.body.offer.expiresAt,
    );
    // Ann sees the seats stay held: they are Bob's now, not back on sale; Bob's map marks them his.
    await seat(a.page, 'Row A seat 1, regular, 40.00 EUR, held').waitFor();
    await seat(b.page, 'Row A seat 1, regular, 40.00 EUR, held by you').waitFor();
    await saveScreenshot(b.page, 'live-waitlist-offer');

    expect(await b.page.evaluate('window.__sameDocument')).toBe(true);
    await b.page.getByRole('button', { name: 'Accept' }).click();
    await b.page.getByRole('button', { name: 'Pay €80.00' }).click();
    await b.page.waitForURL(/\/bookings\//);
    await b.page.locator('#ticket-codes li').nth(1).waitFor();

    const show = await site.app.call('GET', `/api/shows/${showId}`);
    expect(show.body).toMatchObject({ booked: 2, held: 0, available: 0, waitlistLength: 0 });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.close();
    await b.close();
  });
});
