import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

let showId: string;
const contexts: BrowserContext[] = [];

useSiteAndBrowser();

beforeAll(async () => {
  showId = await site.app.createShow();
}, 90_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
});

async function open(
  path: string,
  opts: { token: string; phone?: boolean },
): Promise<{ page: Page; errors: string[]; visited: string[]; context: BrowserContext }> {
  const context = await newContext(browser, opts);
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  await page.goto(`${site.url}${path}`);
  return { page, errors, visited, context };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it is now, one line each. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The minute `offsetMs` from now on the venue's clock, as a datetime-local input takes it. */
function venueMinute(timeZone: string, offsetMs: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + offsetMs));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

describe('the waiting room in the browser', () => {
  it('admin configures, pauses and resumes a room; customers queue, watch their place move, get admitted to the seat map and hold with their token', async () => {
    // --- the admin turns the room on from the show's admin page
    const adminToken = await site.app.adminToken();
    const { eventId, timeZone } = (await site.app.call('GET', `/api/shows/${showId}`)).body;
    const admin = await open(`/admin/events/${eventId}`, { token: adminToken });
    await admin.page.getByRole('link', { name: 'Waiting room' }).click();
    await admin.page.waitForURL(`${site.url}/admin/shows/${showId}/room`);
    await admin.page.locator('#admin-body').waitFor();
    await eventually(() => admin.page.locator('#room-state').textContent()).toBe('No waiting room');
    expect(await admin.page.locator('#room-zone').textContent()).toBe(timeZone);
    const form = admin.page.locator('#room-form');
    // Sales open before the pre-queue: refused at the edge and shown beside the field.
    await form.getByLabel('Pre-queue starts').fill(venueMinute(timeZone, 0));
    await form.getByLabel('Sales open').fill(venueMinute(timeZone, -3_600_000));
    await form.getByLabel('Queueing').selectOption('fifo');
    await form.getByLabel('Active shoppers at most').fill('1');
    await form.getByLabel('Let in per minute at most').fill('60');
    await form.getByRole('button', { name: 'Save waiting room' }).click();
    await eventually(() => admin.page.locator('#room-form-error').textContent()).not.toBe('');
    expect((await site.app.call('GET', `/api/shows/${showId}/room`)).body.enabled).toBe(false);

    // Both times at the current minute (already past): joining is open and admission starts at once.
    const now = venueMinute(timeZone, 0);
    await form.getByLabel('Pre-queue starts').fill(now);
    await form.getByLabel('Sales open').fill(now);
    const put = admin.page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/room'));
    await form.getByRole('button', { name: 'Save waiting room' }).click();
    expect((await put).postDataJSON()).toMatchObject({
      method: 'fifo',
      maxActive: 1,
      admitPerMinute: 60,
      turnMinutes: 10,
    });
    await eventually(() => admin.page.locator('#room-saved').textContent()).toBe('The waiting room is saved.');
    await eventually(() => admin.page.locator('#room-state').textContent()).toBe('Admitting');
    const room = await site.app.call('GET', `/api/shows/${showId}/room`);
    expect(room.body).toMatchObject({
      enabled: true,
      method: 'fifo',
      maxActive: 1,
      admitPerMinute: 60,
      turnMinutes: 10,
    });

    await admin.page.getByRole('button', { name: 'Pause admission' }).click();
    await eventually(() => admin.page.locator('#room-state').textContent()).toBe('Paused');
    expect((await site.app.call('GET', `/api/shows/${showId}/room`)).body.state).toBe('paused');
    await admin.page.getByRole('button', { name: 'Resume admission' }).click();
    await eventually(() => admin.page.locator('#room-state').textContent()).toBe('Admitting');

    // --- Ann opens the show page: with the room on and no token she is sent to the queue, admitted
    // at once (nobody is shopping), and brought back to the seat map with her turn's time shown.
    const ann = await site.app.register('Ann Early');
    const annPage = await open(`/shows/${showId}`, { token: ann.token });
    await eventually(() => annPage.visited.map((u) => u.slice(site.url.length))).toEqual([
      `/shows/${showId}`,
      `/shows/${showId}/queue`,
      `/shows/${showId}`,
    ]);
    await annPage.page.locator('#seatmap[data-ready=true]').waitFor();
    expect(await annPage.page.locator('#turn-note').isVisible()).toBe(true);
    expect(await annPage.page.locator('#turn-timer').textContent()).toMatch(/^(10:00|9:\d\d)$/);

    // --- Carl (through the API) and then Bea (in the browser, on a phone) queue behind her.
    const carl = await site.app.register('Carl Second');
    const carlTicket = await site.app.call('POST', `/api/shows/${showId}/queue`, { token: carl.token });
    expect(carlTicket.status).toBe(201);
    expect(carlTicket.body).toMatchObject({ status: 'queued', position: 1 });
    const bea = await site.app.register('Bea Third');
    const beaPage = await open(`/shows/${showId}/queue`, { token: bea.token, phone: true });
    const position = beaPage.page.locator('#queue-position');
    await eventually(() => position.textContent()).toBe('You are number 2 in line.');
    expect(await beaPage.page.locator('#queue-ahead').textContent()).toBe('1 person ahead of you.');
    expect(await beaPage.page.locator('#queue-wait').textContent()).not.toBe('—');
    expect(await beaPage.page.locator('#queue-rate').textContent()).toMatch(/^\d+ (person|people)$/);
    await saveScreenshot(beaPage.page, 'queue-phone');
    expect(await accessibilityProblems(beaPage.page)).toEqual([]);
    // The same account in a second (desktop) browser gets the same place, not a second one.
    const beaDesktop = await open(`/shows/${showId}/queue`, { token: bea.token });
    await eventually(() => beaDesktop.page.locator('#queue-position').textContent()).toBe('You are number 2 in line.');
    await saveScreenshot(beaDesktop.page, 'queue-desktop');
    await beaDesktop.context.close();

    await eventually(() => admin.page.locator('#room-queued').textContent()).toBe('2');
    expect(await admin.page.locator('#room-active').textContent()).toBe('1 of 1');
    await saveScreenshot(admin.page, 'admin-room');
    expect(await accessibilityProblems(admin.page)).toEqual([]);

    // --- Ann holds (her token goes with the hold) and pays: her turn ends and Carl's begins.
    const holdRequest = annPage.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/holds'));
    await annPage.page.getByRole('button', { name: 'Hold best seats' }).click();
    expect((await holdRequest).headers()['admission-token']).toBeTruthy();
    await annPage.page.getByRole('heading', { name: 'Your seats are held' }).waitFor();
    await saveScreenshot(annPage.page, 'queue-admitted-show');
    await annPage.page.getByRole('button', { name: /^Pay / }).click();
    await annPage.page.waitForURL(/\/bookings\//);

    // Bea sees her place move up without reloading.
    await eventually(() => position.textContent()).toBe('You are number 1 in line.');
    expect(await beaPage.page.locator('#queue-ahead').textContent()).toBe('Nobody is ahead of you: you are next.');
    expect(Number(await beaPage.page.locator('#queue-bar').getAttribute('value'))).toBeGreaterThan(0);

    // Carl's turn is taken back by the admin: Bea is admitted and lands on the seat map.
    const revoked = await site.app.call('POST', `/api/admin/shows/${showId}/room/revoke`, {
      token: adminToken,
      body: { userId: carl.userId },
    });
    expect(revoked.status).toBe(200);
    await beaPage.page.waitForURL(`${site.url}/shows/${showId}`, { timeout: 15_000 });
    await beaPage.page.locator('#seatmap[data-ready=true]').waitFor();
    const stored = (await beaPage.page.evaluate(
      `sessionStorage.getItem(${JSON.stringify(`showtime.admission.${showId}`)})`,
    )) as string | null;
    expect(JSON.parse(stored!).token).toBeTruthy();
    await beaPage.page.locator('#best-quantity').selectOption('1');
    await beaPage.page.getByRole('button', { name: 'Hold best seats' }).click();
    await beaPage.page.getByRole('heading', { name: 'Your seats are held' }).waitFor();
    await saveScreenshot(beaPage.page, 'queue-admitted-phone');

    // Carl's turn was taken back: without a live token the hold endpoint refuses him.
    const carlHold = await site.app.call('POST', `/api/shows/${showId}/holds`, {
      token: carl.token,
      body: { quantity: 1 },
    });
    expect(carlHold.status).toBe(403);
    expect(carlHold.body.code).toBe('queue_required');

    for (const p of [admin, annPage, beaPage]) expect(p.errors).toEqual([]);
  }, 120_000);

  it('the inspector shows the room in front of the show: its state lit, queue length, admitted, active', async () => {
    const { page, errors } = await open(`/inspect?show=${showId}`, { token: await site.app.adminToken() });
    await page.locator('#room-chart li.active[data-state="admitting"]').waitFor();
    expect(await page.locator('#room-chart li.active').count()).toBe(1);
    // Ann, Carl and Bea were admitted in turn; Bea is shopping, nobody waits.
    await eventually(() => page.locator('#room-admitted').textContent()).toBe('3');
    expect(await page.locator('#room-queued').textContent()).toBe('0');
    expect(await page.locator('#room-active').textContent()).toBe('1 of 1');
    await page.locator('#room-panel').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'inspector-room');
    expect(errors).toEqual([]);
  }, 90_000);

  it('the admin ends the room: the seat map opens to everyone and the queue page says the room is closed', async () => {
    const admin = await open(`/admin/shows/${showId}/room`, { token: await site.app.adminToken() });
    await eventually(() => admin.page.locator('#room-state').textContent()).toBe('Admitting');
    await admin.page.getByRole('button', { name: 'End the waiting room' }).click();
    await admin.page.getByRole('dialog').getByRole('button', { name: 'End the waiting room' }).click();
    await eventually(() => admin.page.locator('#room-state').textContent()).toBe('Ended');
    expect(await admin.page.locator('#room-action-result').textContent()).toBe(
      'The waiting room has ended. The seat map is open to everyone.',
    );
    expect(await admin.page.getByRole('button', { name: 'End the waiting room' }).isDisabled()).toBe(true);

    const eve = await site.app.register('Eve Late');
    const { page, errors, visited } = await open(`/shows/${showId}/queue`, { token: eve.token });
    await eventually(() => page.locator('#queue-over-heading').textContent()).toBe('The waiting room is closed.');
    await page.getByRole('link', { name: 'Go to the seat map' }).click();
    await page.locator('#seatmap[data-ready=true]').waitFor();
    await page.locator('#best-quantity').selectOption('1');
    await page.getByRole('button', { name: 'Hold best seats' }).click();
    await page.getByRole('heading', { name: 'Your seats are held' }).waitFor();
    expect(visited.map((u) => u.slice(site.url.length))).toEqual([`/shows/${showId}/queue`, `/shows/${showId}`]);
    expect([...admin.errors, ...errors]).toEqual([]);
  }, 90_000);

  it('before sales open: the pre-queue says places are drawn at opening; before the pre-queue the page says when it opens', async () => {
    const adminToken = await site.app.adminToken();
    const hour = 3_600_000;
    const configure = async (preQueueAt: number, salesOpenAt: number) => {
      const id = await site.app.createShow();
      const res = await site.app.call('PUT', `/api/admin/shows/${id}/room`, {
        token: adminToken,
        body: {
          preQueueAt: new Date(preQueueAt).toISOString(),
          salesOpenAt: new Date(salesOpenAt).toISOString(),
          maxActive: 10,
          admitPerMinute: 100,
        },
      });
      expect(res.status).toBe(200);
      return id;
    };
    const preQueueShow = await configure(Date.now() - 1000, Date.now() + hour);
    const laterShow = await configure(Date.now() + hour, Date.now() + 2 * hour);
    const fay = await site.app.register('Fay Early');

    // The show page sends her to the queue, where she waits for the draw.
    const { page, errors } = await open(`/shows/${preQueueShow}`, { token: fay.token, phone: true });
    await page.waitForURL(`${site.url}/shows/${preQueueShow}/queue`);
    await eventually(() => page.locator('#queue-position').textContent()).toBe('You are in the waiting room.');
    await eventually(() => page.locator('#queue-note').textContent()).toMatch(
      /^Sales open .+\. Everyone who joins before then gets a place in line by random draw at that moment/,
    );
    expect(await page.locator('#queue-wait').textContent()).toMatch(/^About \d+ minutes?$/);
    await saveScreenshot(page, 'queue-prequeue-phone');

    await page.goto(`${site.url}/shows/${laterShow}/queue`);
    await eventually(() => page.locator('#queue-status').textContent()).toMatch(
      /^The waiting room opens .+\. This page joins by itself then\.$/,
    );
    expect(await page.locator('#queue-panel').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it('a customer who opens the queue page of a show without a room is told so and sent to the seat map', async () => {
    const plain = await site.app.createShow();
    const dee = await site.app.register('Dee Direct');
    const { page, errors } = await open(`/shows/${plain}/queue`, { token: dee.token });
    await eventually(() => page.locator('#queue-over-heading').textContent()).toBe('No waiting room.');
    expect(await page.locator('#queue-over-link').getAttribute('href')).toBe(`/shows/${plain}`);
    // And the show page itself does not send anyone to a queue that does not exist.
    await page.goto(`${site.url}/shows/${plain}`);
    await page.locator('#seatmap[data-ready=true]').waitFor();
    expect(page.url()).toBe(`${site.url}/shows/${plain}`);
    expect(errors).toEqual([]);
  }, 90_000);
});
