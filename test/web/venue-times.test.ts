import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../src/db/schema/index.js';
import { DEMO_IDS } from '../../src/db/seed/demo.js';
import { showTime, viewerHint } from '../../src/format/show-time.js';
import { renderMessage } from '../../src/notifications/messages.js';
import { showLabels } from '../../src/notifications/show-label.js';
import { runCli } from '../cli/harness.js';
import { saveScreenshot } from './browser.js';
import { eventually } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'showtime-venue-times-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

useSiteAndBrowser({ demo: true });

async function pageIn(timezoneId: string, token?: string) {
  const context = await browser.newContext({ locale: 'en-US', timezoneId, viewport: { width: 1200, height: 900 } });
  if (token) {
    await context.addInitScript({ content: `localStorage.setItem('showtime.token', ${JSON.stringify(token)});` });
  }
  return context.newPage();
}

describe("show times on the venue's clock, on every face", () => {
  it('concert_2025 reads the same on the site (a UTC browser), in a notification, from the assistant and in the CLI', async () => {
    const show = await site.app.call('GET', `/api/shows/${DEMO_IDS.classicConcertShow}`);
    expect(show.body.timeZone).toBe('Europe/Berlin');
    const expected = showTime(show.body.startsAt as string, 'Europe/Berlin');
    // The demo concert is at seven in the evening, Berlin time, summer or winter.
    expect(expected).toMatch(/^\w{3} \d{1,2} \w{3}, 19:00 CES?T$/);

    const page = await pageIn('UTC');
    await page.goto(`${site.url}/shows/${DEMO_IDS.classicConcertShow}`);
    await eventually(() => page.locator('#show-when time').textContent()).toBe(expected);
    // The customer's own clock, only as a hint beside it.
    const hint = viewerHint(show.body.startsAt as string, 'Europe/Berlin', 'UTC');
    expect(hint).toMatch(/^1[78]:00 UTC your time$/);
    expect(await page.locator('#show-when .your-time').textContent()).toBe(` (${hint})`);
    await page.goto(`${site.url}/events/classic-night`);
    await eventually(() => page.locator('.when time').first().textContent()).toBe(expected);
    await page.context().close();

    const labels = await showLabels(site.app.tdb.db, [{ showId: DEMO_IDS.classicConcertShow } as OutboxRow]);
    const message = renderMessage(
      'booking.confirmed',
      { seats: ['A-1'], total: 8900, currency: 'EUR' },
      labels.get(DEMO_IDS.classicConcertShow) ?? null,
    );
    expect(message.body).toContain(`(${expected}, Philharmonie am Park)`);

    const answer = await site.app.call('POST', '/api/assistant', {
      body: { message: `seats left for ${DEMO_IDS.classicConcertShow}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.reply).toContain(expected);

    // The CLI runs with TZ=UTC: the venue's time is shown all the same.
    const cli = await runCli(['--url', site.url, 'seats', DEMO_IDS.classicConcertShow], {
      configPath: join(dir, 'cli.json'),
    });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`When   ${expected}`);
  });

  it("the Mumbai train leaves at 07:15 IST in a Berlin browser, with Berlin's time as a hint", async () => {
    const event = await site.app.call('GET', '/api/events/deccan-queen-mumbai-pune');
    const train = (event.body.shows as { showId: string; startsAt: string; timeZone: string }[])[0]!;
    expect(train.timeZone).toBe('Asia/Kolkata');
    const page = await pageIn('Europe/Berlin');
    await page.goto(`${site.url}/shows/${train.showId}`);
    await eventually(() => page.locator('#show-when time').textContent()).toMatch(/^\w{3} \d{1,2} \w{3}, 07:15 IST$/);
    // 07:15 IST is 02:45 in Berlin's winter (03:45 in its summer).
    expect(await page.locator('#show-when .your-time').textContent()).toMatch(/^ \(0[23]:45 CES?T your time\)$/);
    await saveScreenshot(page, 'show-time-venue-zone');
    await page.context().close();
  });

  it('an admin in Berlin schedules a show at 19:00 on the clock of a venue in London or Mumbai, summer time included', async () => {
    const admin = await site.app.adminToken();
    const venues = await site.app.call('GET', '/api/venues');
    const venueNamed = (name: string) => {
      const v = (venues.body as { venueId: string; name: string; halls: { hallId: string }[] }[]).find(
        (x) => x.name === name,
      );
      if (!v) throw new Error(`no venue ${name}`);
      return v;
    };
    const page = await pageIn('Europe/Berlin', admin);

    async function schedule(venue: { venueId: string; halls: { hallId: string }[] }, eventId: string, local: string) {
      await page.goto(`${site.url}/admin/shows/new?venueId=${venue.venueId}&eventId=${eventId}`);
      await page.locator('#show-form').waitFor();
      await eventually(() => page.locator('#show-hall option').count()).toBeGreaterThan(0);
      await eventually(() =>
        page.locator('#show-event').evaluate((el, id) => {
          // An input or a select: either takes the id as its value.
          const field = el as unknown as { value: string; dispatchEvent(e: unknown): boolean };
          field.value = id;
          field.dispatchEvent(new Event('change'));
          return field.value;
        }, eventId),
      ).toBe(eventId);
      await page.locator('#show-starts').fill(local);
      await page.getByRole('button', { name: /create show/i }).click();
    }

    const southbank = venueNamed('Southbank Concert Hall');
    // The day British summer time starts: 19:00 in London is 18:00 UTC (and would be 17:00 read in Berlin).
    await schedule(southbank, 'southbank-jazz', '2027-03-28T19:00');
    expect(await page.locator('.venue-zone').first().textContent()).toContain('Europe/London');
    await eventually(() => page.locator('#result-body code').textContent()).toMatch(/\S/);
    const londonId = (await page.locator('#result-body code').textContent())!;
    const london = await site.app.call('GET', `/api/shows/${londonId}`);
    expect(london.body.startsAt).toBe('2027-03-28T18:00:00.000Z');
    expect(london.body.timeZone).toBe('Europe/London');

    // The night before, the same 19:00 in London is still 19:00 UTC.
    await schedule(southbank, 'southbank-jazz', '2027-03-27T19:00');
    await eventually(() => page.locator('#result-body code').textContent()).not.toBe(londonId);
    const before = await site.app.call('GET', `/api/shows/${(await page.locator('#result-body code').textContent())!}`);
    expect(before.body.startsAt).toBe('2027-03-27T19:00:00.000Z');

    const mumbai = venueNamed('Regal Talkies');
    await schedule(mumbai, 'monsoon-hearts', '2027-01-10T19:00');
    await eventually(() => page.locator('#result-body code').textContent()).not.toBe(londonId);
    const india = await site.app.call('GET', `/api/shows/${(await page.locator('#result-body code').textContent())!}`);
    expect(india.body.startsAt).toBe('2027-01-10T13:30:00.000Z');

    // An hour the clocks skip in London is refused, not stored as something else.
    const shows = await site.app.call('GET', `/api/venues/${southbank.venueId}`);
    const count = (shows.body.halls as { shows: unknown[] }[]).reduce((n, h) => n + h.shows.length, 0);
    await schedule(southbank, 'southbank-jazz', '2027-03-28T01:30');
    await eventually(() => page.locator('#form-error').textContent()).toContain('does not exist in Europe/London');
    const after = await site.app.call('GET', `/api/venues/${southbank.venueId}`);
    expect((after.body.halls as { shows: unknown[] }[]).reduce((n, h) => n + h.shows.length, 0)).toBe(count);
    await page.context().close();
  });
});
