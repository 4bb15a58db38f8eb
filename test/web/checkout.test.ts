import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/db/seed/demo.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser({ demo: true });

const showPath = `/shows/${DEMO_IDS.classicConcertShow}`;

async function holdBest(page: Page, opts: { quantity?: string; category?: string } = {}) {
  await page.locator('#seatmap[data-ready=true]').waitFor();
  if (opts.quantity) await page.locator('#best-quantity').selectOption(opts.quantity);
  if (opts.category) await page.locator('#best-category').selectOption(opts.category);
  await page.getByRole('button', { name: 'Hold best seats' }).click();
  await page.getByRole('heading', { name: 'Your seats are held' }).waitFor();
  // The quote has arrived once the summary has its subtotal row.
  await page.locator('#price-subtotal').waitFor();
}

describe('checkout with promo codes and points, and the account pages', () => {
  it('a bad code shows its error; WELCOME10 discounts the total, which is what is paid and shown on the booking', async () => {
    const { token } = await site.app.register('Promo Paula');
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(site.url + showPath);
    await holdBest(page, { category: 'premium' });
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€178.00');
    expect(await page.locator('#price-lines').textContent()).toContain('premium × 2 at €89.00€178.00');
    await page.getByRole('button', { name: 'Pay €178.00' }).waitFor();

    const promo = page.getByLabel('Promo code');
    await promo.fill('nope');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(() => page.locator('#promo-message').textContent()).toBe(
      'This code does not work: code NOPE cannot be used for this order. No code applies to the price below.',
    );
    expect(await promo.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#hold-total').textContent()).toBe('€178.00');
    await saveScreenshot(page, 'checkout-bad-code');

    // Enter in the field applies it: the keyboard is enough.
    await promo.fill('welcome10');
    await promo.press('Enter');
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€160.20');
    expect(await page.locator('#price-promo').textContent()).toBe('Promo WELCOME10−€17.80');
    expect(await page.locator('#promo-message').textContent()).toBe('WELCOME10 applied: −€17.80.');
    expect(await promo.getAttribute('aria-invalid')).toBeNull();
    await saveScreenshot(page, 'checkout-promo-applied');

    const confirmRequest = page.waitForRequest((r) => r.url().endsWith('/confirm'));
    await page.getByRole('button', { name: 'Pay €160.20' }).click();
    const sent = (await confirmRequest).postDataJSON();
    expect(sent).toMatchObject({ promoCode: 'WELCOME10', expectedTotal: { amount: 16020, currency: 'EUR' } });
    await page.waitForURL(/\/bookings\//);
    await eventually(() => page.locator('#booking-total').textContent()).toBe('€160.20');
    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toContain('Subtotal€178.00');
    expect(facts).toContain('Discount−€17.80 (code WELCOME10)');
    expect(facts).toContain('Fees€0.00');
    await saveScreenshot(page, 'checkout-booking');

    const bookingId = page.url().split('/').pop()!;
    const booking = await site.app.call('GET', `/api/bookings/${bookingId}`, { token });
    expect(booking.body.total).toEqual({ amount: 16020, currency: 'EUR' });

    // The dispatcher delivers the confirmation a moment after the commit: the header count follows.
    await eventually(async () => {
      await page.goto(`${site.url}/account/notifications`);
      return page.locator('#notifications').textContent();
    }).toContain('Booking confirmed');
    await eventually(() => page.locator('#unread-count').getAttribute('data-unread')).not.toBe('0');
    expect(await page.getByRole('link', { name: /^Notifications \d+ unread$/ }).count()).toBe(1);
    await saveScreenshot(page, 'account-notifications');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await eventually(() => page.locator('#notifications-status').textContent()).toBe('Everything read.');
    expect(await page.locator('#unread-count').textContent()).toBe('');
    expect(await page.locator('.notice--unread').count()).toBe(0);
    const after = await site.app.call('GET', '/api/me/notifications', { token });
    expect(after.body.unread).toBe(0);

    await page.getByRole('link', { name: 'Payments' }).click();
    await page.waitForURL(`${site.url}/account/payments`);
    const payment = page.getByRole('article', { name: /€160\.20 · Classic Night/ });
    await payment.waitFor();
    expect(await payment.textContent()).toContain('Discount−€17.80 (code WELCOME10)');
    await saveScreenshot(page, 'account-payments');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('points: the account shows balance, tier and ledger; checkout spends them; a used-up code is refused at confirm and the new total paid', async () => {
    const { token } = await site.app.register('Points Pete');
    const hold = await site.app.call('POST', `/api/shows/${DEMO_IDS.classicConcertShow}/holds`, {
      token,
      body: { quantity: 1, category: 'regular' },
    });
    const paid = await site.app.call('POST', `/api/shows/${DEMO_IDS.classicConcertShow}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } },
    });
    expect(paid.status).toBe(201);
    // The loyalty consumer credits the €59.00 booking through the outbox: 59 points, which count
    // once the booking can no longer be refunded (as if that time had come).
    const loyalty = async () => (await site.app.call('GET', '/api/me/loyalty', { token })).body;
    await eventually(async () => (await loyalty()).pendingPoints).toBe(59);
    await site.app.tdb.sql`update loyalty_ledger set available_at = now() where booking_id = ${paid.body.bookingId}`;
    await eventually(async () => (await loyalty()).points).toBe(59);

    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/account`);
    await eventually(() => page.locator('#points-total').textContent()).toBe('59');
    expect(await page.locator('#points-tier').textContent()).toBe('Bronze');
    expect(await page.locator('#progress-label').textContent()).toBe('941 more points to Silver');
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('59');
    const ledger = await page.locator('#ledger-rows').textContent();
    expect(ledger).toContain('+59');
    expect(ledger).toContain('Earned');
    await saveScreenshot(page, 'account-points');

    await page.goto(site.url + showPath);
    await holdBest(page, { quantity: '1', category: 'regular' });
    await eventually(() => page.locator('#points-balance').textContent()).toBe(
      'You have 59 points, worth up to €0.59 off the seats.',
    );
    await page.getByLabel('Use my points').check();
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€58.41');
    expect(await page.locator('#price-points').textContent()).toBe('59 points used−€0.59');

    await page.getByLabel('Promo code').fill('WELCOME10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€52.51');
    await saveScreenshot(page, 'checkout-points');

    // Meanwhile the same customer uses WELCOME10 elsewhere: it is once per customer.
    const other = await site.app.call('POST', `/api/shows/${DEMO_IDS.classicConcertShow}/holds`, {
      token,
      body: { quantity: 1, category: 'regular' },
    });
    const elsewhere = await site.app.call(
      'POST',
      `/api/shows/${DEMO_IDS.classicConcertShow}/holds/${other.body.holdId}/confirm`,
      {
        token,
        body: { promoCode: 'WELCOME10', payment: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } },
      },
    );
    expect(elsewhere.status).toBe(201);

    await page.getByRole('button', { name: 'Pay €52.51' }).click();
    await eventually(() => page.locator('#checkout-error').textContent()).toBe(
      'That promo code has been used up. Nothing was charged. The new total is €58.41: check it and pay again.',
    );
    expect(await page.locator('#promo-message').textContent()).toMatch(/^This code has been used up: /);
    expect(await page.locator('#price-promo').count()).toBe(0);
    await saveScreenshot(page, 'checkout-code-used-up');
    await page.getByRole('button', { name: 'Pay €58.41' }).click();
    await page.waitForURL(/\/bookings\//);
    await eventually(() => page.locator('#booking-total').textContent()).toBe('€58.41');
    expect(await page.locator('dl.facts').textContent()).toContain('Discount−€0.59 (59 points)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a fee added while the customer pays: confirm is refused with quote_changed, the page shows the new total, and that is paid', async () => {
    // Rows A and B of five seats at 25.00 EUR, no fee yet.
    const showId = await site.app.createShow();
    const { token } = await site.app.register('Fee Fiona');
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/shows/${showId}`);
    await holdBest(page, { quantity: '1' });
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€25.00');

    const admin = await site.app.adminToken();
    const patched = await site.app.call('PATCH', `/api/admin/shows/${showId}`, {
      token: admin,
      body: { feePerTicket: { amount: 150, currency: 'EUR' } },
    });
    expect(patched.status).toBe(200);

    await page.getByRole('button', { name: 'Pay €25.00' }).click();
    await eventually(() => page.locator('#checkout-error').textContent()).toBe(
      'The price changed before you paid. Nothing was charged. The new total is €26.50: check it and pay again.',
    );
    expect(await page.locator('#price-fees').textContent()).toBe('Service fees€1.50');
    expect((await site.app.call('GET', '/api/me/bookings', { token })).body.items).toHaveLength(0);
    await saveScreenshot(page, 'checkout-quote-changed');

    await page.getByRole('button', { name: 'Pay €26.50' }).click();
    await page.waitForURL(/\/bookings\//);
    await eventually(() => page.locator('#booking-total').textContent()).toBe('€26.50');
    expect(await page.locator('dl.facts').textContent()).toContain('Fees€1.50');
    expect(errors).toEqual([]);
    await context.close();
  });
});
