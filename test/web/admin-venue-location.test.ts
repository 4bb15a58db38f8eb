import { describe, expect, it } from 'vitest';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser();

type Venue = { name: string; postalCode: string; location: { latitude: number; longitude: number } | null };
const venueNamed = async (name: string) =>
  ((await site.app.call('GET', '/api/venues')).body as Venue[]).find((v) => v.name === name);

describe('admin venue forms: postal code and coordinates', () => {
  it('creates a venue with them, refuses half a location, and edits them', async () => {
    const context = await newContext(browser, { token: await site.app.adminToken() });
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.url}/admin/venues/new`);
    await page.locator('#venue-form').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Elbe Hall');
    await page.getByLabel('City', { exact: true }).fill('Hamburg');
    await page.getByLabel('Postal code', { exact: true }).fill('20457');
    await page.getByLabel('Latitude', { exact: true }).fill('53.5413');
    await page.getByRole('button', { name: 'Create venue' }).click();
    await eventually(() => page.locator('#form-error').textContent()).toBe(
      'Give both latitude and longitude, or neither.',
    );
    expect(await venueNamed('Elbe Hall')).toBeUndefined();

    await page.getByLabel('Longitude', { exact: true }).fill('9.9841');
    await page.getByRole('button', { name: 'Create venue' }).click();
    await page.getByRole('heading', { name: 'Venue created' }).waitFor();
    expect(await venueNamed('Elbe Hall')).toMatchObject({
      postalCode: '20457',
      location: { latitude: 53.5413, longitude: 9.9841 },
    });

    await page.goto(`${site.url}/admin/catalog`);
    const item = page.locator('article', { has: page.getByRole('heading', { name: 'Elbe Hall' }) });
    await item.getByRole('button', { name: 'Edit Elbe Hall' }).click();
    await expect(item.getByLabel('Latitude').inputValue()).resolves.toBe('53.5413');
    await item.getByLabel('Postal code').fill('20459');
    await item.getByLabel('Latitude').fill('53.55');
    await item.getByRole('button', { name: 'Save venue' }).click();
    await eventually(async () => (await venueNamed('Elbe Hall'))?.postalCode).toBe('20459');
    expect((await venueNamed('Elbe Hall'))!.location).toEqual({ latitude: 53.55, longitude: 9.9841 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
