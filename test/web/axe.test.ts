import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/db/seed/demo.js';
import { saveScreenshot } from './browser.js';
import { newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** What must never ship; moderate and minor findings are left to judgement. */
const BLOCKING = new Set(['serious', 'critical']);

useSiteAndBrowser({ demo: true });

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe on the page as it is now and returns its serious and critical findings, one line each. */
async function blockingFindings(page: Page, name: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as Finding[];
  return violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

interface PageCase {
  name: string;
  path: string;
  /** Signed in as this customer (or the admin); absent: a visitor. */
  as?: 'customer' | 'admin';
  /** What shows the page has filled itself in from the API. */
  ready: string;
}

describe('axe-core on every page', () => {
  it('finds no serious or critical violations at desktop and phone sizes', { timeout: 300_000 }, async () => {
    const customer = await site.app.register('Axe Customer');
    const admin = await site.app.adminToken();
    const show = DEMO_IDS.classicConcertShow;
    const hold = await site.app.call('POST', `/api/shows/${show}/holds`, {
      token: customer.token,
      body: { seats: ['J-9', 'J-10'] },
    });
    const booking = await site.app.call('POST', `/api/shows/${show}/holds/${hold.body.holdId}/confirm`, {
      token: customer.token,
      body: { payment: { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } },
    });
    expect(booking.status).toBe(201);
    const { eventId } = (await site.app.call('GET', `/api/shows/${show}`)).body as { eventId: string };

    // Every page of ours; /docs is Swagger UI's page (swagger-ui-dist), not ours, and is left out.
    const pages: PageCase[] = [
      { name: 'home', path: '/', ready: '#results li' },
      { name: 'event', path: `/events/${eventId}`, ready: 'main section' },
      { name: 'show', path: `/shows/${show}`, ready: '#seatmap[data-ready=true]' },
      { name: 'stadium', path: `/shows/${DEMO_IDS.mixedStadiumShow}`, ready: '#seatmap[data-ready=true]' },
      { name: 'ticket', path: `/bookings/${booking.body.bookingId}`, as: 'customer', ready: '#ticket-qr[data-loaded]' },
      { name: 'my-bookings', path: '/my-bookings', as: 'customer', ready: '#bookings li' },
      { name: 'account', path: '/account', as: 'customer', ready: '#account strong' },
      { name: 'notifications', path: '/account/notifications', as: 'customer', ready: '#account strong' },
      { name: 'payments', path: '/account/payments', as: 'customer', ready: '#account strong' },
      { name: 'my-data', path: '/account/data', as: 'customer', ready: '#account strong' },
      { name: 'login', path: '/login', ready: '#login-link, form' },
      { name: 'register', path: '/register', ready: 'form' },
      { name: 'verify-email', path: '/verify-email', ready: 'h1' },
      { name: 'forgot-password', path: '/forgot-password', ready: 'h1' },
      { name: 'reset-password', path: '/reset-password', ready: 'h1' },
      { name: 'queue', path: `/shows/${show}/queue`, as: 'customer', ready: 'h1' },
      { name: 'admin', path: '/admin', as: 'admin', ready: '#account strong' },
      { name: 'admin-catalog', path: '/admin/catalog', as: 'admin', ready: '#account strong' },
      { name: 'admin-event', path: `/admin/events/${eventId}`, as: 'admin', ready: '#account strong' },
      { name: 'admin-new-venue', path: '/admin/venues/new', as: 'admin', ready: '#account strong' },
      { name: 'admin-new-event', path: '/admin/events/new', as: 'admin', ready: '#account strong' },
      { name: 'admin-new-show', path: '/admin/shows/new', as: 'admin', ready: '#account strong' },
      { name: 'admin-promos', path: '/admin/promos', as: 'admin', ready: '#account strong' },
      { name: 'admin-webhooks', path: '/admin/webhooks', as: 'admin', ready: '#account strong' },
      { name: 'admin-api-keys', path: '/admin/api-keys', as: 'admin', ready: '#account strong' },
      { name: 'admin-room', path: `/admin/shows/${show}/room`, as: 'admin', ready: '#account strong' },
      { name: 'inspector', path: `/inspect?show=${show}`, as: 'admin', ready: 'h1' },
    ];

    const findings: string[] = [];
    for (const phone of [false, true]) {
      for (const as of [undefined, 'customer', 'admin'] as const) {
        const token = as === 'customer' ? customer.token : as === 'admin' ? admin : undefined;
        if (as === 'customer') {
          // A live hold, so the header's countdown badge is checked too (one per pass: holds expire).
          const heldShow = phone ? DEMO_IDS.movieShow : DEMO_IDS.trainShow;
          const held = await site.app.call('POST', `/api/shows/${heldShow}/holds`, { token, body: { quantity: 1 } });
          expect(held.status).toBe(201);
        }
        const context = await newContext(browser, { token, phone });
        const page = await context.newPage();
        page.setDefaultTimeout(20_000);
        for (const p of pages.filter((c) => c.as === as)) {
          const name = `${p.name} (${phone ? 'phone' : 'desktop'})`;
          await page.goto(`${site.url}${p.path}`);
          await page.locator(p.ready).first().waitFor({ state: 'attached' });
          // Scripts fill the rest from the API: let the network settle (event streams stay open, so not 'networkidle').
          await page.waitForTimeout(300);
          findings.push(...(await blockingFindings(page, name)));
          await saveScreenshot(page, `axe-${p.name}-${phone ? 'phone' : 'desktop'}`);
        }
        await context.close();
      }
    }
    expect(findings).toEqual([]);
  });
});
