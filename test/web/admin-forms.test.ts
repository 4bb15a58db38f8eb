import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneCategoryLayout } from '../http/harness.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

let admin: string;

useSiteAndBrowser();

beforeAll(async () => {
  admin = await site.app.adminToken();
});

async function adminPage(path: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await newContext(browser, { token: admin });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.url}${path}`);
  return { page, errors, close: () => context.close() };
}

const count = async (sql: string, value: string) => Number((await site.app.tdb.sql.unsafe(sql, [value]))[0]!.n);

describe('admin forms', () => {
  it('a double-clicked venue form creates one venue, and the form is cleared after it', async () => {
    const { page, errors, close } = await adminPage('/admin/venues/new');
    await page.locator('#venue-form').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Twice Clicked Hall');
    await page.getByLabel('City', { exact: true }).fill('Hamburg');
    await page.getByRole('button', { name: 'Create venue' }).dblclick();
    await page.getByRole('heading', { name: 'Venue created' }).waitFor();
    await eventually(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('City', { exact: true }).inputValue()).toBe('');
    // Both clicks were sent (the second while the first was under way): one venue answers both.
    await eventually(() => count('select count(*)::int as n from venues where name = $1', 'Twice Clicked Hall')).toBe(
      1,
    );
    const keys = await site.app.tdb.sql<{ n: number }[]>`
      select count(*)::int as n from idempotency_keys where scope = 'POST /api/admin/venues'`;
    expect(keys[0]!.n).toBe(1);
    await saveScreenshot(page, 'admin-venue-created');
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('the event form is cleared after success, and the show form picks the event by its title', async () => {
    const { page, errors, close } = await adminPage('/admin/events/new');
    await page.locator('#event-form').waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Picked By Name');
    await page.getByLabel('Category', { exact: true }).selectOption('concert');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByRole('link', { name: 'Add a show for this event' }).waitFor();
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('');
    expect(await count('select count(*)::int as n from events where title = $1', 'Picked By Name')).toBe(1);

    const venue = await site.app.call('POST', '/api/admin/venues', {
      token: admin,
      body: { name: 'Name Pick Hall', city: 'Berlin', halls: [{ name: 'Main', layout: oneCategoryLayout }] },
    });
    expect(venue.status).toBe(201);
    await page.getByRole('link', { name: 'Add a show for this event' }).click();
    await page.waitForURL(/\/admin\/shows\/new\?eventId=/);
    const event = page.getByLabel('Event', { exact: true });
    // A list of titles to choose from, not a box for an id; the new event comes chosen.
    expect(await page.locator('select#show-event').count()).toBe(1);
    await eventually(() => page.locator('#show-event option:checked').textContent()).toBe('Picked By Name (concert)');
    await eventually(() => page.locator('#event-hint').textContent()).toBe('Picked By Name (0 upcoming shows)');
    const venueOption = page.locator('#show-venue option', { hasText: 'Name Pick Hall' });
    await venueOption.waitFor({ state: 'attached' });
    await page.getByLabel('Venue', { exact: true }).selectOption({ label: (await venueOption.textContent())! });
    await page.getByLabel('Price for regular', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Create show' }).dblclick();
    await page.getByRole('link', { name: 'Open its seat map' }).waitFor();
    expect(await event.inputValue()).toBe('');
    const eventId = (await site.app.tdb.sql<{ id: string }[]>`select id from events where title = 'Picked By Name'`)[0]!
      .id;
    await eventually(() => count('select count(*)::int as n from shows where event_id = $1', eventId)).toBe(1);
    await saveScreenshot(page, 'admin-show-created');
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('the overview keeps its counts fresh and says revenue is net of refunds', async () => {
    const showId = await site.app.createShow({ layout: oneCategoryLayout });
    const { page, errors, close } = await adminPage('/admin');
    const figure = page.locator('#stats-summary div').filter({ has: page.getByText('Revenue (net of refunds)') });
    await figure.waitFor();
    const show = await site.app.call('GET', `/api/shows/${showId}`);
    const venueOption = page.locator('#venue option', { hasText: show.body.venue.name });
    await venueOption.waitFor({ state: 'attached' });
    await page.locator('#venue').selectOption({ label: (await venueOption.textContent())! });
    const row = page.getByRole('row', { name: new RegExp(show.body.title) }).first();
    await row.waitFor();
    const held = () => row.locator('td').nth(4).textContent();
    expect(await held()).toBe('0');
    const customer = await site.app.register('Fresh Counts');
    const hold = await site.app.call('POST', `/api/shows/${showId}/holds`, {
      token: customer.token,
      body: { quantity: 3 },
    });
    expect(hold.status).toBe(201);
    // No reload: the page reads the counts again by itself.
    await expect.poll(held, { timeout: 25_000, interval: 250 }).toBe('3');
    expect(errors).toEqual([]);
    await close();
  }, 90_000);
});
