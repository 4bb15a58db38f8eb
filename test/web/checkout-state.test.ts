import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/db/seed/demo.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

useSiteAndBrowser({ demo: true });

describe('the checkout keeps its promo code', () => {
  it('a refused code says which code applies; after a reload the same discounted price is shown and charged', async () => {
    const { token } = await site.app.register('Reload Rita');
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${site.url}/shows/${DEMO_IDS.classicConcertShow}`);
    await page.locator('#seatmap[data-ready=true]').waitFor();
    await page.locator('#best-category').selectOption('premium');
    await page.getByRole('button', { name: 'Hold best seats' }).click();
    await page.getByRole('heading', { name: 'Your seats are held' }).waitFor();
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€178.00');

    const promo = page.getByLabel('Promo code');
    await promo.fill('welcome10');
    await promo.press('Enter');
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€160.20');

    // A refused code: the message names the code whose price is shown, not just the error.
    await promo.fill('nope');
    await promo.press('Enter');
    await eventually(() => page.locator('#promo-message').textContent()).toBe(
      'This code does not work: code NOPE cannot be used for this order. WELCOME10 still applies (−€17.80).',
    );
    expect(await page.locator('#hold-total').textContent()).toBe('€160.20');
    expect(await page.locator('#price-promo').textContent()).toBe('Promo WELCOME10−€17.80');
    await saveScreenshot(page, 'checkout-refused-code-keeps-applied');

    await page.reload();
    await page.getByRole('heading', { name: 'Your seats are held' }).waitFor();
    await eventually(() => page.locator('#hold-total').textContent()).toBe('€160.20');
    expect(await page.locator('#price-promo').textContent()).toBe('Promo WELCOME10−€17.80');
    expect(await promo.inputValue()).toBe('WELCOME10');
    await page.getByRole('button', { name: 'Pay €160.20' }).waitFor();
    await saveScreenshot(page, 'checkout-after-reload');

    const confirmRequest = page.waitForRequest((r) => r.url().endsWith('/confirm'));
    await page.getByRole('button', { name: 'Pay €160.20' }).click();
    expect((await confirmRequest).postDataJSON()).toMatchObject({
      promoCode: 'WELCOME10',
      expectedTotal: { amount: 16020, currency: 'EUR' },
    });
    await page.waitForURL(/\/bookings\//);
    await eventually(() => page.locator('#booking-total').textContent()).toBe('€160.20');
    expect(errors).toEqual([]);
    await context.close();
  });
});
