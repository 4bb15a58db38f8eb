import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneCategoryLayout } from '../http/harness.js';
import { launchBrowser, saveScreenshot } from './browser.js';
import { startSiteServer, type SiteServer } from './site-server.js';

let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startSiteServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openInspector(path: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  // Below the test's own timeout, so a missing element fails with its locator, not a bare timeout.
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // What the page's Content-Security-Policy refuses (a style attribute, an inline script) is logged here.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
  });
  await page.goto(`${site.url}${path}`);
  return { page, errors, close: () => context.close() };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Polls with room for a loaded machine: the page settles in milliseconds alone, seconds under load. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

const current = (page: Page) => page.locator('#chart g.st.current').getAttribute('data-path');

describe('statechart inspector', () => {
  it('lights onSale.allHeld live when holds made through the API fill the show, and steps back through history', async () => {
    const t = site.app;
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const [ann, bob, cat] = await Promise.all([
      t.register('Ann Admirer'),
      t.register('Bob Buyer'),
      t.register('Cat Waiter'),
    ]);

    const { page, errors, close } = await openInspector(`/inspect?show=${showId}`);
    await page.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
    await signIn(page, t.env.ADMIN_EMAIL, t.env.ADMIN_PASSWORD);

    await page.locator('#chart g.st[data-path="onSale.available"].current').waitFor();
    expect(await page.locator('#chart g.st[data-path="onSale"]').getAttribute('class')).toContain('active');
    expect(await page.locator('#chart g.st[data-path="onSale.allHeld"]').getAttribute('class')).not.toContain('active');
    await eventually(() => page.locator('#stream-status').textContent()).toContain('following');
    await saveScreenshot(page, 'inspector-open');

    // Holds through the API, not the page: the page learns of them from the stream only.
    const first = await t.call('POST', `/api/shows/${showId}/holds`, { token: ann.token, body: { quantity: 5 } });
    expect(first.status).toBe(201);
    await page.locator('#stream li[data-type="HOLD"]').first().waitFor();
    expect(await current(page)).toBe('onSale.available');

    const second = await t.call('POST', `/api/shows/${showId}/holds`, { token: bob.token, body: { quantity: 5 } });
    expect(second.status).toBe(201);
    await page.locator('#chart g.st[data-path="onSale.allHeld"].current').waitFor();
    expect(await page.locator('#chart g.st[data-path="onSale.available"]').getAttribute('class')).not.toContain(
      'active',
    );
    // The transition just taken: the eventless arrow available -> allHeld, after HOLD was answered in onSale.
    await page.locator('#chart g.edge.taken[data-from="onSale.available"][data-to="onSale.allHeld"]').waitFor();
    await page.locator('#chart tspan.taken[data-event="HOLD"]').waitFor();
    await eventually(() => page.locator('#chart-caption').textContent()).toContain('available → onSale.allHeld');
    await saveScreenshot(page, 'inspector-all-held');

    const waiting = await t.call('POST', `/api/shows/${showId}/waitlist`, { token: cat.token, body: { quantity: 2 } });
    expect(waiting.status).toBe(202);

    // Context panels: both holds with their owners, the waiting customer, every seat held.
    await eventually(() => page.locator('#holds tbody tr').count()).toBe(2);
    const holds = await page.locator('#holds').textContent();
    expect(holds).toContain('Ann Admirer');
    expect(holds).toContain('Bob Buyer');
    await eventually(() => page.locator('#waitlist li').textContent()).toContain('Cat Waiter');
    await eventually(() => page.locator('#grid rect[data-status="held"]').count()).toBe(10);
    await eventually(() => page.locator('#holds .countdown').first().textContent()).toMatch(/^\d:\d\d$/);
    // The live list (polled) shows the show on this node in its new state.
    await page.locator(`#live-list a[data-show="${showId}"][data-state="onSale.allHeld"]`).waitFor();
    await eventually(() => page.locator('#history-range').textContent()).toContain('seq 1–3');
    await saveScreenshot(page, 'inspector-context');

    // Back one step (before the waitlist join), then another (before the hold that filled the show).
    await page.getByRole('button', { name: 'Step back' }).click();
    await eventually(() => page.locator('#step h4').textContent()).toContain('HOLD');
    await page.getByRole('button', { name: 'Step back' }).click();
    await eventually(() => page.locator('#step h4').textContent()).toContain('seq 1');
    await eventually(() => current(page)).toBe('onSale.available');
    expect(await page.locator('#travel-banner').isVisible()).toBe(true);
    expect(await page.locator('#step .diff').textContent()).toContain('hold placed');
    expect(await page.locator('#grid rect[data-status="held"]').count()).toBe(5);
    await saveScreenshot(page, 'inspector-history');

    await page.getByRole('button', { name: 'Step forward' }).click();
    await eventually(() => current(page)).toBe('onSale.allHeld');
    await eventually(() => page.locator('#step .transition').textContent()).toBe('onSale.available → onSale.allHeld');
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    expect(await page.locator('#travel-banner').isVisible()).toBe(false);
    expect(await page.locator('#grid rect[data-status="held"]').count()).toBe(10);

    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('turns a customer away: the page asks for an admin', async () => {
    const customer = await site.app.register('Curious Customer');
    const { page, errors, close } = await openInspector('/inspect');
    await signIn(page, customer.email, 'correct horse');
    await eventually(() => page.locator('#login-error').textContent()).toContain('admins only');
    expect(await page.locator('#app').isVisible()).toBe(false);
    expect(await page.evaluate("localStorage.getItem('showtime.inspector.token')")).toBeNull();
    await saveScreenshot(page, 'inspector-refused');
    expect(errors).toEqual([]);
    await close();
  });
});
