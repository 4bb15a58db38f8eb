import { describe, expect, it } from 'vitest';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser, watchErrors } from './suite.js';

useSiteAndBrowser();

/** The link in the reset email planned to `address` (the outbox dispatches it within moments). */
async function emailedLink(address: string): Promise<string> {
  let link: string | undefined;
  await eventually(async () => {
    const [row] = await site.app.tdb.sql`select d.payload->>'text' as text from deliveries d
      join outbox o on o.id = d.outbox_id where o.topic = 'account.password_reset' and d.target = ${address}`;
    link = row ? /https?:\/\/\S+\/reset-password\?token=\S+/.exec(row.text as string)?.[0] : undefined;
    return link;
  }).toBeDefined();
  return link!;
}

describe('forgotten and changed passwords, on the web site', () => {
  it('resets the password through the emailed link, then changes it on the account page', async () => {
    const t = site.app;
    const nia = await t.register('Nia Forgetful');
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.url}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(`${site.url}/forgot-password`);
    await page.getByLabel('Email').fill(nia.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await eventually(() => page.locator('#forgot-status').textContent()).toContain(
      `If an account has the address ${nia.email}, a link`,
    );

    const link = await emailedLink(nia.email);
    expect(link.startsWith(`${site.url}/reset-password?token=`)).toBe(true);
    await page.goto(link);
    // The token leaves the address bar as soon as the page has read it.
    await page.waitForURL(`${site.url}/reset-password`);
    await page.getByLabel('New password').fill('a fresh secret');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(`${site.url}/account`);
    await eventually(() => page.locator('#password-change').isVisible()).toBe(true);

    expect((await t.call('GET', '/api/me', { token: nia.token })).status).toBe(401);
    const fresh = await t.call('POST', '/api/auth/login', { body: { email: nia.email, password: 'a fresh secret' } });
    expect(fresh.status).toBe(200);

    await page.getByLabel('Current password').fill('not it at all');
    await page.getByLabel('New password').fill('the third secret');
    await page.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => page.locator('#password-status').textContent()).toBe('The current password is wrong');

    await page.getByLabel('Current password').fill('a fresh secret');
    await page.getByLabel('New password').fill('the third secret');
    await page.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => page.locator('#password-status').textContent()).toBe(
      'Password changed. Your other devices are signed out.',
    );
    // The other sign-in ended; this page carries on with its new tokens.
    expect((await t.call('GET', '/api/me', { token: fresh.body.token })).status).toBe(401);
    await page.reload();
    await eventually(() => page.locator('#password-change').isVisible()).toBe(true);
    expect(page.url()).toBe(`${site.url}/account`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
