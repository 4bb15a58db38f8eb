import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/db/seed/demo.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser({ demo: true });

const seat = (page: Page, label: string) => page.getByRole('button', { name: label, exact: true });

describe('customer web site', () => {
  it('books from search to QR ticket: register, find, pick seats, hold, a declined card, pay, cancel', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.url}/register`);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${site.url}/`);
    await eventually(() => page.locator('#account').textContent()).toContain('Ada Lovelace');

    await page.getByLabel('City').selectOption('berlin');
    await page.getByLabel('Category').selectOption('concert');
    await page.getByLabel('Keyword').fill('beethoven');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=beethoven/);
    await eventually(() => page.locator('#results-status').textContent()).toBe('1 event found.');
    await saveScreenshot(page, 'site-search');
    await page.getByRole('link', { name: /Classic Night/ }).click();

    await page.waitForURL(/\/events\//);
    const venue = page.getByRole('region', { name: 'Philharmonie am Park' });
    await venue.getByRole('link').first().click();
    await page.waitForURL(`${site.url}/shows/${DEMO_IDS.classicConcertShow}`);

    await seat(page, 'Row A seat 5, premium, 89.00 EUR, available').click();
    await seat(page, 'Row A seat 6, premium, 89.00 EUR, available').click();
    await eventually(() => page.locator('#selection-summary').textContent()).toBe(
      '2 seats selected: Row A seat 5, Row A seat 6 · €178.00.',
    );
    const holdAnswer = page.waitForResponse((r) => r.url().endsWith('/holds') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Hold 2 seats' }).click();
    const hold = await (await holdAnswer).json();
    expect(hold.seats).toEqual(['A-5', 'A-6']);

    // The countdown counts to the server's expiresAt, not to a clock of its own.
    const timer = page.getByRole('timer');
    await eventually(() => timer.getAttribute('data-expires-at')).toBe(hold.expiresAt);
    const shown = (await timer.textContent())!.split(':').map(Number);
    const shownSeconds = shown[0]! * 60 + shown[1]!;
    const serverSeconds = (Date.parse(hold.expiresAt) - Date.now()) / 1000;
    expect(Math.abs(shownSeconds - serverSeconds)).toBeLessThan(3);
    await eventually(() => seat(page, 'Row A seat 5, premium, 89.00 EUR, held by you').count()).toBe(1);
    await eventually(() => page.locator('#show-counts').textContent()).toContain('2 held');
    await saveScreenshot(page, 'site-seat-map');

    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay €178.00' }).click();
    await eventually(() => page.locator('#checkout-error').textContent()).toMatch(/^Payment declined/);
    await saveScreenshot(page, 'site-checkout-declined');
    const afterDecline = await site.app.call('GET', `/api/shows/${DEMO_IDS.classicConcertShow}`);
    expect(afterDecline.body.booked).toBe(0);

    // A reload finds the hold again, with the same deadline.
    await page.reload();
    await eventually(() => page.getByRole('timer').getAttribute('data-expires-at')).toBe(hold.expiresAt);
    await seat(page, 'Row A seat 6, premium, 89.00 EUR, held by you').waitFor();

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay €178.00' }).click();
    await page.waitForURL(/\/bookings\//);
    const qr = page.getByRole('img', { name: /QR code/ });
    await eventually(() => qr.getAttribute('data-loaded')).toBe('true');
    expect(await qr.getAttribute('src')).toMatch(/^blob:/);
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const codes = page.locator('#ticket-codes li');
    await eventually(() => codes.count()).toBe(2);
    expect(await codes.first().textContent()).toMatch(/^A-5: \S{20,}/);
    await saveScreenshot(page, 'site-booking');

    const bookingId = page.url().split('/').pop()!;
    const shows = await site.app.call('GET', `/api/shows/${DEMO_IDS.classicConcertShow}`);
    expect(shows.body.booked).toBe(2);

    await page.getByRole('link', { name: 'My bookings' }).first().click();
    await page.waitForURL(`${site.url}/my-bookings`);
    const card = page.getByRole('article', { name: /Classic Night/ });
    await card.getByRole('button', { name: 'Cancel booking' }).click();
    await card.getByRole('button', { name: 'Yes, cancel and get €178.00 back' }).click();
    await eventually(() => card.getByRole('status').textContent()).toBe('Cancelled. Refund: €178.00.');
    await saveScreenshot(page, 'site-my-bookings');
    const admin = await site.app.adminToken();
    const cancelled = await site.app.call('GET', `/api/bookings/${bookingId}`, { token: admin });
    expect(cancelled.body.status).toBe('cancelled');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone-width screen, and holds standing places in a mixed stadium', async () => {
    const { token } = await site.app.register('Pia Phone');
    const context = await newContext(browser, { token, phone: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/shows/${DEMO_IDS.mixedStadiumShow}`);
    await page.locator('#seatmap[data-ready=true]').waitFor();

    // The page itself never scrolls sideways; a wide map scrolls inside its own box.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);

    const standing = page.getByRole('button', {
      name: /^Pitch Standing, 2000 of 2000 places available, standing area, standing/,
    });
    await standing.click();
    expect(await page.getByLabel('Section').inputValue()).toBe('Pitch Standing');
    await page.getByLabel('Seats', { exact: true }).first().selectOption('3');
    await page.getByRole('button', { name: 'Hold best seats' }).click();
    await eventually(() => page.locator('#hold-seats').textContent()).toBe('3 × Pitch Standing (standing)');
    await page.getByRole('button', { name: /^Pitch Standing, 1997 of 2000 places available, standing area/ }).waitFor();
    await saveScreenshot(page, 'site-phone-stadium');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('books with the keyboard alone: Tab to the map, arrows to seats, Space and Enter to pick, hold and pay', async () => {
    const { token } = await site.app.register('Kay Board');
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/shows/${DEMO_IDS.classicConcertShow}`);
    await page.locator('#seatmap[data-ready=true]').waitFor();

    // The accessible name of whatever has focus: a seat's aria-label, or a button's text.
    const focusedName = () =>
      page.evaluate(`(() => {
        const el = document.activeElement;
        return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
      })()`) as Promise<string>;
    async function tabTo(match: (name: string) => boolean): Promise<string> {
      for (let i = 0; i < 250; i++) {
        await page.keyboard.press('Tab');
        const name = await focusedName();
        if (match(name)) return name;
      }
      throw new Error('never reached by Tab');
    }

    // The map is one Tab stop; arrows walk its seats.
    await tabTo((n) => n.startsWith('Row A seat 1,'));
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    expect(await focusedName()).toMatch(/^Row C seat 3,/);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#selection-summary').textContent()).toBe(
      '2 seats selected: Row C seat 3, Row C seat 4 · €178.00.',
    );
    await tabTo((n) => n === 'Hold 2 seats');
    await page.keyboard.press('Enter');
    await eventually(focusedName).toBe('Your seats are held');
    await tabTo((n) => n === 'Pay €178.00');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/bookings\//);
    await eventually(() => page.locator('#ticket-codes li').count()).toBe(2);

    const mine = await site.app.call('GET', '/api/me/bookings', { token });
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].seats).toEqual(['C-3', 'C-4']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
