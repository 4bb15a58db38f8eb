import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/db/seed/demo.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser({ demo: true });

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/** Whether the element lies wholly inside the window as it is scrolled now. */
const inViewport = (page: Page, selector: string) =>
  page.evaluate(`(() => {
    const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  })()`) as Promise<boolean>;

const openShow = async (page: Page, showId: string) => {
  await page.goto(`${site.url}/shows/${showId}`);
  await page.locator('#seatmap[data-ready=true]').waitFor();
};

describe('on a phone (390 x 844)', () => {
  it('the header is one compact line; its links sit behind a Menu button', async () => {
    const { token } = await site.app.register('Mo Bile-Userwithalongname');
    // A live hold puts its countdown badge in the header too: the line must still hold it.
    const hold = await site.app.call('POST', `/api/shows/${DEMO_IDS.movieShow}/holds`, {
      token,
      body: { quantity: 1 },
    });
    expect(hold.status).toBe(201);
    const context = await newContext(browser, { token, phone: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/`);
    await page.locator('#nav-account:not([hidden])').waitFor({ state: 'attached' });
    await eventually(() => page.locator('#account').textContent()).toContain('Mo Bile');
    await page.locator('#holds-badge:not([hidden])').waitFor();
    expect((await box(page, '.site-header')).height).toBeLessThanOrEqual(72);
    await saveScreenshot(page, 'phone-home-screen', { fullPage: false });

    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'My bookings' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const myBookings = page.getByRole('link', { name: 'My bookings' });
    // One line: its text's boxes all start at the same height.
    const lines = await page.evaluate(`(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('.site-menu a[href="/my-bookings"]'));
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    })()`);
    expect(lines).toBe(1);
    await saveScreenshot(page, 'phone-menu-open');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await myBookings.waitFor({ state: 'hidden' });

    // At desktop width the links are in the header itself, with no Menu button.
    await page.setViewportSize({ width: 1200, height: 900 });
    expect(await myBookings.isVisible()).toBe(true);
    expect(await menu.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('seats are at least 24 px targets, the page can be pinch-zoomed, and a large map scrolls in its box', async () => {
    const { token } = await site.app.register('Tap Target');
    const context = await newContext(browser, { token, phone: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const viewport = await page
      .goto(`${site.url}/shows/${DEMO_IDS.classicConcertShow}`)
      .then(() => page.locator('meta[name=viewport]').getAttribute('content'));
    expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0)?\b/);
    await page.locator('#seatmap[data-ready=true]').waitFor();
    const sizes = await page
      .locator('#seatmap .seat')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
    expect(sizes).toHaveLength(100);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24);
    // The page itself never scrolls sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await saveScreenshot(page, 'phone-seat-map');

    // A hall 30 seats wide is wider than the phone: it scrolls inside its box, with the same targets.
    const wide = await site.app.createShow({
      layout: { sections: [{ name: 'Floor', kind: 'reserved', rows: [{ row: 'A', seats: 30, category: 'regular' }] }] },
    });
    await openShow(page, wide);
    const wideSizes = await page
      .locator('#seatmap .seat')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
    expect(Math.min(...wideSizes)).toBeGreaterThanOrEqual(24);
    const scrolls = await page.evaluate(`(() => {
      const el = document.getElementById('seatmap');
      return { overflow: getComputedStyle(el).overflowX, wider: el.scrollWidth > el.clientWidth };
    })()`);
    expect(scrolls).toEqual({ overflow: 'auto', wider: true });
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after a hold the pay button is in view, without scrolling past the seat map', async () => {
    const { token } = await site.app.register('Pay Panel');
    const context = await newContext(browser, { token, phone: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await openShow(page, DEMO_IDS.classicConcertShow);
    await page.getByRole('button', { name: 'Row J seat 5, regular, 59.00 EUR, available', exact: true }).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.locator('#hold-panel:not([hidden])').waitFor();
    await eventually(() => inViewport(page, '#pay-button')).toBe(true);
    expect(await inViewport(page, '#hold-timer')).toBe(true);
    await saveScreenshot(page, 'phone-hold');
    await saveScreenshot(page, 'phone-hold-screen', { fullPage: false });

    // A reload finds the hold again and brings it into view too.
    await page.reload();
    await page.locator('#hold-panel:not([hidden])').waitFor();
    await eventually(() => inViewport(page, '#pay-button')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the ticket page shows the QR code first, above the booking details and the raw codes', async () => {
    const { token } = await site.app.register('Quick Response');
    const hold = await site.app.call('POST', `/api/shows/${DEMO_IDS.classicConcertShow}/holds`, {
      token,
      body: { seats: ['H-1', 'H-2'] },
    });
    expect(hold.status).toBe(201);
    const booking = await site.app.call(
      'POST',
      `/api/shows/${DEMO_IDS.classicConcertShow}/holds/${hold.body.holdId}/confirm`,
      {
        token,
        body: { payment: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } },
      },
    );
    expect(booking.status).toBe(201);
    for (const phone of [true, false]) {
      const context = await newContext(browser, { token, phone });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${site.url}/bookings/${booking.body.bookingId}`);
      const qr = page.getByRole('img', { name: /QR code/ });
      await eventually(() => qr.getAttribute('data-loaded')).toBe('true');
      const [qrBox, details, codes] = await Promise.all([
        qr.boundingBox(),
        box(page, '[aria-label="Booking details"]'),
        box(page, '#ticket-codes'),
      ]);
      if (phone) {
        expect(qrBox!.y).toBeLessThan(details.y);
        expect(await inViewport(page, '#ticket-qr')).toBe(true);
      }
      expect(qrBox!.y).toBeLessThan(codes.y);
      // In reading order too, so a screen reader meets the code first.
      const order = await page.evaluate(`(() => {
        const codes = document.getElementById('ticket-codes');
        return document.getElementById('ticket-qr').compareDocumentPosition(codes) & Node.DOCUMENT_POSITION_FOLLOWING;
      })()`);
      expect(order).toBeTruthy();
      await saveScreenshot(page, phone ? 'phone-ticket' : 'desktop-ticket');
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe('the seat map and the keyboard', () => {
  it('is one Tab stop: arrows move inside, Enter and Space select, Tab leaves and Shift+Tab comes back', async () => {
    const { token } = await site.app.register('Roving Tab');
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await openShow(page, DEMO_IDS.classicConcertShow);
    const focused = () =>
      page.evaluate(`(() => {
        const el = document.activeElement;
        return { inMap: !!el?.closest('#seatmap'), label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() };
      })()`) as Promise<{ inMap: boolean; label: string }>;

    await page.locator('#best-submit').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ inMap: true, label: 'Row A seat 1, premium, 89.00 EUR, available' });
    expect(await page.locator('#seatmap [tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect((await focused()).inMap).toBe(false);

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#selection-summary').textContent()).toBe(
      '2 seats selected: Row B seat 2, Row B seat 3 · €178.00.',
    );
    // Away and back: the map remembers the seat last visited, still one stop.
    await page.keyboard.press('Tab');
    expect((await focused()).inMap).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toEqual({ inMap: true, label: 'Row B seat 3, premium, 89.00 EUR, available' });
    expect(await page.locator('#seatmap [tabindex="0"]').count()).toBe(1);

    // The whole page: a 100-seat hall adds one stop, not a hundred.
    await page.locator('#best-submit').focus();
    let stops = 0;
    for (; stops < 20; stops++) {
      await page.keyboard.press('Tab');
      if (!(await focused()).inMap) break;
    }
    expect(stops).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
