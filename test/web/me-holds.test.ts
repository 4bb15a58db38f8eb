import { describe, expect, it } from 'vitest';
import { goodCard, oneCategoryLayout } from '../http/harness.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

const HOUR = 3_600_000;
useSiteAndBrowser();

const allSeats = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3', 'B-4', 'B-5'];

describe('holds and offers follow the customer', () => {
  it('shows a hold made elsewhere (the API, as the CLI makes it) on the show page and in the header of any page', async () => {
    const showId = await site.app.createShow({ layout: oneCategoryLayout, prices: { regular: 2500 } });
    const { token } = await site.app.register('Cleo CLI');
    const placed = await site.app.call('POST', `/api/shows/${showId}/holds`, {
      token,
      body: { seats: ['A-2', 'A-3'] },
    });
    expect(placed.status).toBe(201);

    // A fresh browser profile: nothing of the hold is in its storage.
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/shows/${showId}`);
    await eventually(() => page.locator('#hold-panel').isVisible()).toBe(true);
    await eventually(() => page.getByRole('button', { name: 'Pay €50.00' }).isVisible()).toBe(true);
    expect(await page.locator('#hold-seats li').count()).toBe(2);
    // No second hold over the first.
    expect(await page.locator('#best-submit').isDisabled()).toBe(true);
    const badge = page.locator('#holds-badge');
    await eventually(() => badge.textContent()).toMatch(/^1 hold · [1-5]:\d\d left$/);
    expect(await badge.getAttribute('href')).toBe(`/shows/${showId}`);
    await saveScreenshot(page, 'me-holds-show-page');

    await page.goto(`${site.url}/`);
    await eventually(() => badge.textContent()).toMatch(/^1 hold · [1-5]:\d\d left$/);
    const first = await badge.textContent();
    await eventually(() => badge.textContent()).not.toBe(first);
    await badge.click();
    await page.waitForURL(`${site.url}/shows/${showId}`);
    await eventually(() => page.locator('#hold-panel').isVisible()).toBe(true);

    await site.app.call('DELETE', `/api/shows/${showId}/holds/${placed.body.holdId}`, { token });
    await page.goto(`${site.url}/`);
    await eventually(() => page.locator('#account').textContent()).toContain('Cleo CLI');
    expect(await badge.isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('links the "Seats for you" notification to the show, where another device accepts the offer', async () => {
    const showId = await site.app.createShow({ layout: oneCategoryLayout, prices: { regular: 2500 } });
    const holder = await site.app.register('Hal Holder');
    const waiter = await site.app.register('Wanda Waiter');
    const held = await site.app.call('POST', `/api/shows/${showId}/holds`, {
      token: holder.token,
      body: { seats: allSeats },
    });
    const joined = await site.app.call('POST', `/api/shows/${showId}/waitlist`, {
      token: waiter.token,
      body: { quantity: 2 },
    });
    expect(joined.status).toBe(202);
    await site.app.call('DELETE', `/api/shows/${showId}/holds/${held.body.holdId}`, { token: holder.token });

    const context = await newContext(browser, { token: waiter.token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/account/notifications`);
    const link = page.getByRole('link', { name: 'Accept the seats' });
    await eventually(async () => {
      if (await link.count()) return true;
      await page.reload();
      return false;
    }).toBe(true);
    expect(await link.getAttribute('href')).toBe(`/shows/${showId}`);
    await eventually(() => page.locator('#holds-badge').textContent()).toMatch(/^1 offer · \d:\d\d left$/);
    await link.click();
    await page.waitForURL(`${site.url}/shows/${showId}`);
    const accept = page.getByRole('button', { name: 'Accept' });
    await eventually(() => accept.isVisible()).toBe(true);
    expect(await page.locator('#hold-panel').isHidden()).toBe(true);
    expect(await page.locator('#best-submit').isDisabled()).toBe(true);
    await accept.click();
    await eventually(() => page.getByRole('button', { name: 'Pay €50.00' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the price of cancelling', () => {
  it('says what cancelling refunds under the policy and asks with that amount', async () => {
    const showId = await site.app.createShow({
      prices: { premium: 8900, regular: 2000 },
      startsAt: new Date(Date.now() + 24 * HOUR),
    });
    const { token } = await site.app.register('Carl Cancel');
    const hold = await site.app.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1', 'A-2'] } });
    const paid = await site.app.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    expect(paid.status).toBe(201);

    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/my-bookings`);
    const card = page.getByRole('article', { name: /Test Concert/ });
    await card.getByRole('button', { name: 'Cancel booking' }).click();
    await eventually(() => card.locator('.cancel-quote').textContent()).toContain(
      'You get €89.00 back of €178.00 (50 %: within 48 h of the show).',
    );
    await saveScreenshot(page, 'me-holds-cancel-quote');
    await card.getByRole('button', { name: 'Yes, cancel and get €89.00 back' }).click();
    await eventually(() => card.getByRole('status').textContent()).toBe('Cancelled. Refund: €89.00.');
    const booking = await site.app.call('GET', `/api/bookings/${paid.body.bookingId}`, { token });
    expect(booking.body).toMatchObject({ status: 'cancelled', refund: { amount: 8900 } });
    expect(errors).toEqual([]);
    await context.close();
  });
});
