import { describe, expect, it } from 'vitest';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser();

describe('admin pages', () => {
  it('keep customers out', async () => {
    const { token } = await site.app.register('Carl Customer');
    const context = await newContext(browser, { token });
    const page = await context.newPage();
    await page.goto(`${site.url}/admin/venues/new`);
    await eventually(() => page.locator('#admin-gate').textContent()).toMatch(/not an admin/);
    expect(await page.locator('#venue-form').isHidden()).toBe(true);
    await context.close();
  });

  it('stay on this site after logging in when next= points elsewhere', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // A tab between two slashes, which the browser drops: //evil.example once followed.
    await page.goto(`${site.url}/login?next=/%09/evil.example`);
    await page.getByLabel('Email', { exact: true }).fill(site.app.env.ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(site.app.env.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${site.url}/`);
    expect(new URL(page.url()).origin).toBe(site.url);
    await context.close();
  });

  it('keep a customer signed in past the access token with the refresh token, and sign out everywhere', async () => {
    const { email } = await site.app.register('Rita Refresh');
    const signIn = await site.app.call('POST', '/api/auth/login', { body: { email, password: 'correct horse' } });
    const context = await newContext(browser);
    // An access token the server no longer takes (as once it has expired), and a good refresh token.
    await context.addInitScript({
      content: `if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('showtime.token', 'expired.token.value');
        localStorage.setItem('showtime.refresh', ${JSON.stringify(signIn.body.refreshToken)});
      }`,
    });
    const page = await context.newPage();
    await page.goto(`${site.url}/account`);
    await eventually(() => page.locator('#account .who').textContent()).toContain('Rita Refresh');
    await eventually(() => page.locator('#points-total').textContent()).toBe('0');
    const token = (await page.evaluate("localStorage.getItem('showtime.token')")) as string | null;
    expect((await site.app.call('GET', '/api/me', { token: token! })).status).toBe(200);

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(`${site.url}/`);
    expect((await site.app.call('GET', '/api/me', { token: token! })).status).toBe(401);
    expect(await page.evaluate("localStorage.getItem('showtime.refresh')")).toBeNull();
    await context.close();
  });

  it('confirm an email address from the link in the verification email', async () => {
    const user = await site.app.register('Vic Verify');
    const token = await site.app.auth.verificationToken({ userId: user.userId, email: user.email });
    const context = await newContext(browser, { token: user.token });
    const page = await context.newPage();
    // Until then, My account says so and sends the link again on request.
    await page.goto(`${site.url}/account`);
    await eventually(() => page.locator('#verify-address').textContent()).toBe(user.email);
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await eventually(() => page.locator('#verify-status').textContent()).toContain(`Sent to ${user.email}`);

    await page.goto(`${site.url}/verify-email?token=${encodeURIComponent(token)}`);
    await eventually(() => page.locator('#verify-status').textContent()).toContain(`${user.email} is confirmed`);
    // The token does not stay in the address bar (or the history).
    expect(new URL(page.url()).search).toBe('');
    expect((await site.app.call('GET', '/api/me', { token: user.token })).body.emailVerified).toBe(true);
    await page.goto(`${site.url}/account`);
    await eventually(() => page.locator('#points-total').textContent()).toBe('0');
    expect(await page.locator('#verify-email').isHidden()).toBe(true);
    await context.close();
  });

  it('create a venue with a layout, an event and a show, which then sells on its seat map', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.url}/login?next=${encodeURIComponent('/admin/venues/new')}`);
    await page.getByLabel('Email', { exact: true }).fill(site.app.env.ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(site.app.env.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${site.url}/admin/venues/new`);

    const form = page.locator('#venue-form');
    await form.waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Harbour Hall');
    await page.getByLabel('City', { exact: true }).fill('Hamburg');
    await page.getByLabel('Address', { exact: true }).fill('Kai 1, Hamburg');
    // The two default lines: rows A-B x 10 premium and C-F x 12 regular in one section, Stalls.
    await page.getByRole('button', { name: 'Add a line' }).click();
    const line = page.getByRole('group', { name: 'Line 3' });
    await line.getByLabel('Section', { exact: true }).fill('Standing');
    await line.getByLabel('Kind', { exact: true }).selectOption('general');
    await line.getByLabel('Capacity', { exact: true }).fill('40');
    await line.getByLabel('Category', { exact: true }).fill('standing');
    await eventually(() => page.locator('#preview-summary').textContent()).toBe(
      '2 sections, 68 seats, 40 standing places; categories: premium, regular, standing.',
    );
    await saveScreenshot(page, 'admin-venue');
    await page.getByRole('button', { name: 'Create venue' }).click();
    await page.getByRole('heading', { name: 'Venue created' }).waitFor();
    expect(await page.locator('#result-body').textContent()).toContain('Main hall: 108 places.');

    await page.getByRole('link', { name: 'New event' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Sea Shanty Night');
    await page.getByLabel('Category', { exact: true }).selectOption('concert');
    await page.getByLabel('Performers', { exact: true }).fill('The Deckhands, Anna Reed');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByRole('link', { name: 'Add a show for this event' }).click();

    await page.waitForURL(/\/admin\/shows\/new\?eventId=/);
    await eventually(() => page.locator('#event-hint').textContent()).toBe('Sea Shanty Night (0 upcoming shows)');
    const venueOption = page.locator('#show-venue option', { hasText: 'Harbour Hall' });
    await venueOption.waitFor({ state: 'attached' });
    await page.getByLabel('Venue', { exact: true }).selectOption({ label: (await venueOption.textContent())! });
    await page.getByLabel('Price for premium', { exact: true }).fill('45.50');
    await page.getByLabel('Price for regular', { exact: true }).fill('30');
    await page.getByLabel('Price for standing', { exact: true }).fill('15');
    await saveScreenshot(page, 'admin-show');
    await page.getByRole('button', { name: 'Create show' }).click();
    await page.getByRole('link', { name: 'Open its seat map' }).click();

    await page.waitForURL(/\/shows\//);
    await page.locator('#seatmap[data-ready=true]').waitFor();
    await eventually(() => page.locator('#show-title').textContent()).toBe('Sea Shanty Night');
    expect(await page.locator('#seatmap .seat').count()).toBe(68);
    await page.getByRole('button', { name: 'Row A seat 1, premium, 45.50 EUR, available', exact: true }).waitFor();
    await page
      .getByRole('button', { name: 'Standing, 40 of 40 places available, standing area, standing, 15.00 EUR' })
      .waitFor();

    const showId = page.url().split('/').pop()!;
    const show = await site.app.call('GET', `/api/shows/${showId}`);
    expect(show.body).toMatchObject({ title: 'Sea Shanty Night', capacity: 108, state: 'onSale.available' });

    // The only venue, so the overview shows its shows at once.
    await page.goto(`${site.url}/admin`);
    const row = page.getByRole('row', { name: /Sea Shanty Night/ });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['on sale: available', '108', '0']),
    );
    // The sales figures are the totals of GET /api/admin/stats, over the one show there is.
    const figure = (name: string) =>
      page
        .locator('#stats-summary div')
        .filter({ has: page.getByText(name, { exact: true }) })
        .locator('dd');
    await eventually(() => figure('Capacity').textContent()).toBe('108');
    expect(await figure('Occupancy').textContent()).toBe('0%');
    expect(await figure('Revenue (net of refunds)').textContent()).toBe('—');
    await saveScreenshot(page, 'admin-overview');
    expect(errors).toEqual([]);
    await context.close();
  });
});
