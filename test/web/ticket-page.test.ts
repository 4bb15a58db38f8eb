import { describe, expect, it } from 'vitest';
import { book } from '../http/fixtures.js';
import { oneCategoryLayout } from '../http/harness.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

useSiteAndBrowser();

describe('the ticket page', () => {
  it("marks a cancelled booking's ticket codes void, each of them", async () => {
    const t = site.app;
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const customer = await t.register('Void Codes');
    const booking = await book(t, customer.token, showId, { quantity: 2 });
    const cancelled = await t.call('DELETE', `/api/bookings/${booking.bookingId}`, { token: customer.token });
    expect(cancelled.status).toBe(200);

    const context = await newContext(browser, { token: customer.token });
    const page = await context.newPage();
    await page.goto(`${site.url}/bookings/${booking.bookingId}`);
    const codes = page.locator('#ticket-codes li');
    await eventually(() => codes.count()).toBe(2);
    expect(await page.getByRole('heading', { name: /Ticket codes/ }).textContent()).toBe(
      'Ticket codes (void: the booking is cancelled)',
    );
    for (const li of await codes.all()) {
      expect(await li.textContent()).toMatch(/void$/);
      // Struck through as text, so a screen reader and a copy-paste say so too.
      expect(await li.locator('del code').count()).toBe(1);
    }
    await saveScreenshot(page, 'ticket-page-cancelled');
    await context.close();
  }, 90_000);
});
