import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { oneCategoryLayout } from '../http/harness.js';
import { saveScreenshot } from './browser.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

useSiteAndBrowser();

async function openInspector(
  path: string,
  viewport = { width: 1400, height: 1000 },
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport });
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

/** The inspector has no sign-in of its own: its link leads to the site's login, which comes back. */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  const back = page.url().slice(site.url.length);
  await page.getByRole('link', { name: 'Log in on the site' }).click();
  await page.waitForURL(`${site.url}/login?next=${encodeURIComponent(back)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${site.url}${back}`);
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

  it('turns a customer away: the page asks for an admin, and the customer stays signed in on the site', async () => {
    const customer = await site.app.register('Curious Customer');
    const { page, errors, close } = await openInspector('/inspect');
    await signIn(page, customer.email, 'correct horse');
    await eventually(() => page.locator('#login-error').textContent()).toContain('admins only');
    expect(await page.locator('#app').isVisible()).toBe(false);
    expect(await page.evaluate("localStorage.getItem('showtime.token')")).not.toBeNull();
    expect(await page.getByRole('link', { name: 'Log in on the site' }).getAttribute('href')).toBe(
      `/login?next=${encodeURIComponent('/inspect')}`,
    );
    await saveScreenshot(page, 'inspector-refused');
    expect(errors).toEqual([]);
    await close();
  });

  it('draws the statechart readable at 1280 px (text 11 px and up) and zooms it', async () => {
    const showId = await site.app.createShow({ layout: oneCategoryLayout });
    const { page, errors, close } = await openInspector(`/inspect?show=${showId}`, { width: 1280, height: 900 });
    await signIn(page, site.app.env.ADMIN_EMAIL, site.app.env.ADMIN_PASSWORD);
    await page.locator('#chart g.st.current').waitFor();
    // The size a reader sees: the font size times how much the drawing is scaled on screen, to the
    // hundredth (sub-pixel layout leaves 10.99997 for an 11 px label).
    const smallestText = async () =>
      Number(
        await page.evaluate(`(() => {
          const svg = document.querySelector('#chart svg');
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
          return Math.round(Math.min(...sizes) * 100) / 100;
        })()`),
      );
    expect(await smallestText()).toBeGreaterThanOrEqual(11);
    await saveScreenshot(page, 'inspector-1280');

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await eventually(() => page.locator('#zoom-level').textContent()).toBe('125%');
    expect(await smallestText()).toBeGreaterThanOrEqual(13.7);
    await page.getByRole('button', { name: 'Fit to width' }).click();
    const fits = () =>
      page.evaluate(`(() => {
        const chart = document.getElementById('chart');
        return chart.scrollWidth <= chart.clientWidth;
      })()`);
    await eventually(fits).toBe(true);
    await page.getByRole('button', { name: 'Actual size' }).click();
    await eventually(() => page.locator('#zoom-level').textContent()).toBe('100%');
    expect(await smallestText()).toBeGreaterThanOrEqual(11);
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('keeps every panel on the live stream: the list, Counts, Actor and History agree right after a change', async () => {
    const t = site.app;
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const [ann, bob] = await Promise.all([t.register('Ann Live'), t.register('Bob Live')]);
    const { page, errors, close } = await openInspector(`/inspect?show=${showId}`, { width: 1280, height: 900 });
    await signIn(page, t.env.ADMIN_EMAIL, t.env.ADMIN_PASSWORD);
    await eventually(() => page.locator('#stream-status').textContent()).toContain('following');
    await page.locator(`#live-list a[data-show="${showId}"]`).waitFor();

    const hold = async (token: string, quantity: number) => {
      const res = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity } });
      expect(res.status).toBe(201);
    };
    await hold(ann.token, 2);
    await hold(bob.token, 3);
    // The moment the stream shows the second hold, the other panels have at most a second to follow
    // (the list alone is polled every 3 s, so it must follow the snapshot, not its own poll).
    await page.locator('#stream li[data-type="HOLD"]').nth(1).waitFor();
    const follow = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 1_000, interval: 50 });
    const entry = page.locator(`#live-list a[data-show="${showId}"]`);
    await follow(() => entry.textContent()).toContain('5 free · 5 held · 0 booked / 10');
    await follow(() => entry.textContent()).toContain('seq 2');
    await follow(() => page.locator('#counts tfoot td.free').textContent()).toBe('5');
    await follow(() => page.locator('#actor').textContent()).toContain('seq 2 in memory');
    await follow(() => page.locator('#step h4').textContent()).toContain('seq 2');
    await follow(() => page.locator('#history-range').textContent()).toContain('seq 1–2');

    await saveScreenshot(page, 'inspector-panels-agree');
    // The Booked column is whole: the counts table fits its panel at 1280 px.
    const box = await page.locator('#counts').boundingBox();
    const booked = await page.locator('#counts th', { hasText: 'Booked' }).boundingBox();
    expect(booked!.x + booked!.width).toBeLessThanOrEqual(box!.x + box!.width);
    expect(Number(await page.evaluate("document.getElementById('counts').scrollWidth"))).toBeLessThanOrEqual(
      Math.ceil(box!.width),
    );
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it("writes a show's times on the venue's clock with the zone named, in a browser on UTC", async () => {
    const t = site.app;
    // 19:00 in Mumbai; IST is UTC+5:30, so no time on this page reads alike on the two clocks.
    const showId = await t.createShow({
      layout: oneCategoryLayout,
      timeZone: 'Asia/Kolkata',
      startsAt: new Date('2031-01-10T13:30:00.000Z'),
    });
    const ann = await t.register('Ann Mumbai');
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token: ann.token, body: { quantity: 2 } });
    expect(hold.status).toBe(201);
    const snap = await t.call('GET', `/api/shows/${showId}/inspector/snapshot`, { token: await t.adminToken() });
    const placed = snap.body.holds[0] as { createdAt: string; expiresAt: string; deadlineAt: string };
    const ist = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Kolkata',
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const inMumbai = (iso: string) => `${ist.format(new Date(iso))} IST`;
    const toTheMs = (iso: string) => inMumbai(iso).replace(' IST', `.${iso.slice(20, 23)} IST`);

    const { page, errors, close } = await openInspector(`/inspect?show=${showId}`);
    await signIn(page, t.env.ADMIN_EMAIL, t.env.ADMIN_PASSWORD);
    const starts = 'Fri 10 Jan, 19:00 IST';
    await eventually(() => page.locator(`#live-list a[data-show="${showId}"] time.starts`).textContent()).toBe(starts);
    await eventually(() => page.locator('#actor dt:text-is("Show starts") + dd').textContent()).toBe(starts);
    // The hold's expiry and the server's let-go, beside their countdowns; the countdowns' titles name the day.
    const row = page.locator(`#holds tr[data-hold="${hold.body.holdId}"]`);
    await eventually(() => row.locator('small.at time').allTextContents()).toEqual([
      inMumbai(placed.expiresAt),
      inMumbai(placed.deadlineAt),
    ]);
    expect(await row.locator('.countdown').first().getAttribute('title')).toMatch(
      /^customer sees expiry at \w{3} \d{1,2} \w{3}, \d\d:\d\d IST$/,
    );
    expect(await page.locator('#actor dt:text-is("Next timer") + dd small.at').textContent()).toMatch(/ IST$/);
    // The journal's HOLD, backfilled into the stream and described in History, at the instant it was placed.
    await eventually(() => page.locator('#stream li[data-type="HOLD"] .time').textContent()).toBe(
      toTheMs(placed.createdAt),
    );
    await eventually(() => page.locator('#step h4').textContent()).toContain(`seq 1 · ${toTheMs(placed.createdAt)}`);
    expect(await page.locator('#step .diff').textContent()).toContain(
      `expires ${inMumbai(placed.expiresAt)}`,
    );
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('opens straight from the admin pages for an admin signed in on the site: no second login', async () => {
    const t = site.app;
    const showId = await t.createShow({ layout: oneCategoryLayout });
    const { page, errors, close } = await openInspector('/login?next=%2Fadmin');
    await page.getByLabel('Email').fill(t.env.ADMIN_EMAIL);
    await page.getByLabel('Password').fill(t.env.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${site.url}/admin`);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Inspector' }).click();
    await page.waitForURL(`${site.url}/inspect`);
    await page.locator('#app').waitFor();
    await eventually(() => page.locator('#whoami').textContent()).toContain(t.env.ADMIN_EMAIL);
    expect(await page.locator('#login').isVisible()).toBe(false);

    // And from the overview's table of shows, one show at a time.
    await page.goto(`${site.url}/admin`);
    // Every test show has a venue of its own, all named alike: picked by id.
    const show = await t.call('GET', `/api/shows/${showId}`);
    await page.locator(`#venue option[value="${show.body.venue.venueId}"]`).waitFor({ state: 'attached' });
    await page.locator('#venue').selectOption(show.body.venue.venueId);
    await page
      .getByRole('link', { name: /^Inspect / })
      .and(page.locator(`[href="/inspect?show=${showId}"]`))
      .click();
    await page.waitForURL(`${site.url}/inspect?show=${showId}`);
    await page.locator('#chart g.st.current').waitFor();
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await close();
  }, 90_000);
});
