import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodCard } from '../http/harness.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

let context: BrowserContext;
let showId: string;
let eventId: string;
// A port nothing listens on, so every webhook call fails and its delivery records the error.
const HOOK_URL = 'http://127.0.0.1:9/showtime-hook';

useSiteAndBrowser({ env: { RATE_LIMIT: 'off', WEBHOOK_ALLOW_PRIVATE: 'on' } });

beforeAll(async () => {
  showId = await site.app.createShow({ prices: { premium: 4000, regular: 2000 } });
  eventId = (await site.app.call('GET', `/api/shows/${showId}`)).body.eventId;
  context = await newContext(browser, { token: await site.app.adminToken() });
}, 90_000);

afterAll(async () => {
  await context?.close();
});

async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.url}${path}`);
  await page.locator('#admin-body').waitFor();
  return { page, errors };
}

/** A customer books two premium seats of the show through the API, with a promo code if given. */
async function book(promoCode?: string) {
  const { token } = await site.app.register('Bea Buyer');
  const hold = await site.app.call('POST', `/api/shows/${showId}/holds`, {
    token,
    body: { quantity: 2, category: 'premium' },
  });
  expect(hold.status).toBe(201);
  const confirmed = await site.app.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
    token,
    body: { payment: goodCard, ...(promoCode ? { promoCode } : {}) },
  });
  expect(confirmed.status).toBe(201);
  return confirmed.body;
}

describe('admin management pages', () => {
  it.each(['/admin/catalog', '/admin/events/some-event', '/admin/promos', '/admin/webhooks', '/admin/api-keys'])(
    'serves %s as a page whose one script exists',
    async (path) => {
      const res = await site.app.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const scripts = [...(await res.text()).matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
      expect(scripts).toEqual([expect.stringMatching(/^\/assets\/js\/pages\/admin-[a-z-]+\.js$/)]);
      expect((await site.app.app.request(scripts[0]!)).status).toBe(200);
    },
  );

  it('add a webhook: the secret is shown once, with a warning and a copy button', async () => {
    const { page, errors } = await openPage('/admin/webhooks');
    await eventually(() => page.locator('#hooks-status').textContent()).toBe('No webhooks yet.');

    await page.getByLabel('URL', { exact: true }).fill('not a url');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await eventually(() => page.locator('#hook-url-error').textContent()).toBe('an http or https URL');

    await page.getByLabel('URL', { exact: true }).fill(HOOK_URL);
    await page.getByLabel('booking.confirmed').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.getByLabel(`Secret for ${HOOK_URL}`);
    await secret.waitFor();
    const value = await secret.inputValue();
    expect(value).toMatch(/^whsec_/);
    expect(await page.locator('#secret-warning').textContent()).toContain('shown only once');
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await eventually(() => page.locator('#secret-status').textContent()).toMatch(/Copied|Selected/);
    const row = page.getByRole('row', { name: new RegExp(HOOK_URL) });
    expect(await row.locator('td').first().textContent()).toBe('booking.confirmed');
    await saveScreenshot(page, 'admin-webhooks');

    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.locator('#secret-panel').isHidden()).toBe(true);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(value);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('create a promo code (field errors from the API first), then see it used after a booking and edit it', async () => {
    const { page, errors } = await openPage('/admin/promos');
    await eventually(() => page.locator('#promos-status').textContent()).toBe('No promo codes yet.');
    await page.getByLabel('Code', { exact: true }).fill('SPRING15');
    await page.getByLabel('Description', { exact: true }).fill('Spring sale');
    await page.getByLabel('Percent (1-100)').fill('150');
    await page.getByLabel('Uses in total (empty: unlimited)').fill('10');
    await page.getByRole('button', { name: 'Create promo code' }).click();
    await eventually(() => page.locator('#promo-value-error').textContent()).toBe('a percent code takes 1 to 100');
    expect(await page.getByLabel('Percent (1-100)').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Percent (1-100)').fill('15');
    await page.getByRole('button', { name: 'Create promo code' }).click();
    const row = page.getByRole('row', { name: /SPRING15/ });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['15 % off', 'Every show', 'Always', '0 / 10', 'Active']),
    );

    expect((await book('spring15')).bookingId).toEqual(expect.any(String));
    await page.reload();
    await eventually(() => row.locator('td.uses').textContent()).toBe('1 / 10');

    await page.getByRole('button', { name: 'Edit SPRING15' }).click();
    await eventually(() => page.locator('#promo-form-heading').textContent()).toBe('Edit SPRING15');
    expect(await page.getByLabel('Percent (1-100)').inputValue()).toBe('15');
    await page.getByLabel('Uses in total (empty: unlimited)').fill('20');
    await page.getByLabel('Uses per customer (empty: unlimited)').fill('1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => row.locator('td.uses').textContent()).toBe('1 / 20 (1 per customer)');
    await saveScreenshot(page, 'admin-promos');

    // A used code cannot be deleted: removing it deactivates it.
    await page.getByRole('button', { name: 'Remove SPRING15' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove SPRING15?' });
    await dialog.getByRole('button', { name: 'Remove SPRING15' }).click();
    await eventually(() => page.locator('#promo-result').textContent()).toBe(
      'SPRING15 was used, so it is deactivated instead.',
    );
    await eventually(() => row.locator('td').nth(4).textContent()).toBe('Inactive');
    const stored = await site.app.call('GET', '/api/admin/promos', { token: await site.app.adminToken() });
    expect(stored.body.items[0]).toMatchObject({ code: 'SPRING15', used: 1, maxUses: 20, maxUsesPerUser: 1, active: false });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the webhook's deliveries with status, attempts and the last error", async () => {
    const { page, errors } = await openPage('/admin/webhooks');
    await page.getByRole('button', { name: `Deliveries to ${HOOK_URL}` }).click();
    const delivery = page.locator('#deliveries-table tbody tr').first();
    await eventually(async () => {
      if (await delivery.isVisible()) return delivery.locator('td').allTextContents();
      await page.getByRole('button', { name: 'Refresh' }).click();
      return [];
    }).toEqual(expect.arrayContaining(['booking.confirmed']));
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return Number(await delivery.locator('td').nth(3).textContent());
    }).toBeGreaterThanOrEqual(1);
    expect(await delivery.locator('td').nth(4).textContent()).not.toBe('—');
    await saveScreenshot(page, 'admin-webhook-deliveries');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("edits an event and a show, shows the API's refusal to remove a venue in use, and cancels the show with its report", async () => {
    const { page, errors } = await openPage(`/admin/events/${eventId}`);
    await eventually(() => page.locator('#event-heading').textContent()).toBe('Test Concert');

    await page.getByLabel('Title', { exact: true }).fill('Test Concert (new date)');
    await page.getByLabel('Genre', { exact: true }).fill('Jazz');
    await page.getByRole('button', { name: 'Save event' }).click();
    await eventually(() => page.locator('#event-saved').textContent()).toBe('The event is saved.');
    const event = await site.app.call('GET', `/api/events/${eventId}`);
    expect(event.body).toMatchObject({ title: 'Test Concert (new date)', genre: 'Jazz' });

    const show = page.locator(`article[data-show-id="${showId}"]`);
    await show.getByRole('button', { name: 'Edit show' }).click();
    await show.getByLabel('Price for premium').fill('45');
    await show.getByLabel('Fee per ticket (EUR)').fill('1.50');
    await show.getByLabel('Hold time in minutes').fill('10');
    await saveScreenshot(page, 'admin-show-edit');
    await show.getByRole('button', { name: 'Save show' }).click();
    await eventually(() => show.getByRole('status').textContent()).toBe('Saved. Fee per ticket: €1.50.');
    const details = await site.app.call('GET', `/api/shows/${showId}`);
    expect(details.body.holdTtlSeconds).toBe(600);
    expect(details.body.categories).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: 'premium', price: { amount: 4500, currency: 'EUR' } })]),
    );
    await eventually(() => show.locator('.meta').textContent()).toContain('premium €45.00');

    // The venue has this upcoming show, so the API refuses to remove it and the page says why.
    const catalog = await openPage('/admin/catalog');
    const venue = catalog.page.locator('article', { has: catalog.page.getByRole('heading', { name: 'Test Hall' }) });
    await venue.getByRole('button', { name: 'Remove Test Hall' }).click();
    await catalog.page.getByRole('dialog').getByRole('button', { name: 'Remove venue' }).click();
    await eventually(() => venue.getByRole('status').textContent()).toBe(
      'Upcoming shows at this venue are still on; cancel or remove them first',
    );
    await saveScreenshot(catalog.page, 'admin-catalog');
    expect(catalog.errors).toEqual([]);
    await catalog.page.close();

    await show.getByRole('button', { name: 'Cancel show' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this show?' });
    expect(await dialog.textContent()).toContain('Everyone who booked is refunded in full (2 seats booked now)');
    await saveScreenshot(page, 'admin-cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel show and refund everyone' }).click();
    await eventually(() => show.getByRole('status').textContent()).toBe(
      'The show is cancelled. 1 booking cancelled; refunds: 1 succeeded, 0 pending, 0 failed.',
    );
    expect(await show.getByRole('button', { name: 'Cancel show' }).isDisabled()).toBe(true);
    expect((await site.app.call('GET', `/api/shows/${showId}`)).body.state).toBe('cancelled');
    await saveScreenshot(page, 'admin-event-manage');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('removes an event after confirmation and reports what happened to its shows', async () => {
    const token = await site.app.adminToken();
    const created = await site.app.call('POST', '/api/admin/events', {
      token,
      body: { title: 'Short Lived', category: 'other' },
    });
    const { page, errors } = await openPage(`/admin/events/${created.body.eventId}`);
    await eventually(() => page.locator('#event-heading').textContent()).toBe('Short Lived');
    await page.getByRole('button', { name: 'Remove event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Short Lived?' });
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    expect(await dialog.count()).toBe(0);
    expect((await site.app.call('GET', `/api/events/${created.body.eventId}`)).status).toBe(200);

    await page.getByRole('button', { name: 'Remove event' }).click();
    await dialog.getByRole('button', { name: 'Remove event' }).click();
    await eventually(() => page.locator('#remove-result').textContent()).toBe(
      'Short Lived is removed: 0 shows removed, 0 shows cancelled with refunds. Back to events and venues',
    );
    expect((await site.app.call('GET', `/api/events/${created.body.eventId}`)).status).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists API keys with owner and use this hour, and changes a key's quota", async () => {
    const developer = await site.app.register('Dana Developer');
    const key = await site.app.call('POST', '/api/me/api-keys', { token: developer.token, body: { name: 'Widget' } });
    expect(key.status).toBe(201);
    const used = await site.app.call('GET', '/api/events', { headers: { 'x-api-key': key.body.key } });
    expect(used.status).toBe(200);

    const { page, errors } = await openPage('/admin/api-keys');
    const row = page.getByRole('row', { name: /Widget/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(developer.userId);
    expect(await row.locator('td.used').textContent()).toBe('1 of 1,000');
    await row.getByLabel('Quota per hour of Widget').fill('5000');
    await row.getByRole('button', { name: 'Save quota of Widget' }).click();
    await eventually(() => row.getByRole('status').textContent()).toBe('Saved: 5,000 per hour.');
    await saveScreenshot(page, 'admin-api-keys');
    const keys = await site.app.call('GET', '/api/admin/api-keys', { token: await site.app.adminToken() });
    expect(keys.body.find((k: { apiKeyId: string }) => k.apiKeyId === key.body.apiKeyId).quotaPerHour).toBe(5000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
