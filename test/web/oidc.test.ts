import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../http/oidc-provider.js';
import { saveScreenshot } from './browser.js';
import { eventually, newContext } from './site-server.js';
import { browser, site, useSiteAndBrowser } from './suite.js';

let provider: TestOidcProvider;

beforeAll(async () => {
  provider = await startOidcProvider();
});

afterAll(async () => {
  await provider?.close();
});

useSiteAndBrowser(() => ({ env: { OIDC_PROVIDERS: provider.setting('test', 'Test ID') } }));

beforeAll(() => {
  provider.serve([`${site.url}/api/auth/oidc/test/callback`]);
});

/** Page errors and CSP violations on the site's own pages (the provider's pages are not ours). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()) && page.url().startsWith(site.url)) {
      errors.push(msg.text());
    }
  });
  return errors;
}

/** From the site's sign-in page through the provider's sign-in and consent pages. */
async function signInAtProvider(page: Page, login: string, next: string) {
  await page.goto(`${site.url}/login?next=${encodeURIComponent(next)}`);
  const button = page.getByRole('link', { name: 'Sign in with Test ID' });
  await button.waitFor();
  if (login === 'ada') await saveScreenshot(page, 'site-login-providers');
  await button.click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('sign in with another account, in the browser', () => {
  it('creates the account at the first sign-in and lands back where the customer was going, signed in', async () => {
    provider.identities.set('ada', { email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' });
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInAtProvider(page, 'ada', '/my-bookings');

    await page.waitForURL(`${site.url}/my-bookings`);
    await eventually(() => page.locator('#account').textContent()).toContain('Signed in as Ada Lovelace');
    // The tokens reached the page's storage, as a password login leaves them.
    const token = await page.evaluate("localStorage.getItem('showtime.token')");
    expect(token).toEqual(expect.any(String));
    expect(await page.evaluate("localStorage.getItem('showtime.refresh')")).toMatch(/^rt_/);
    const me = await site.app.call('GET', '/api/me', { token: token as string });
    expect(me.body).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', emailVerified: true });

    // No password to ask for: the fresh sign-in confirms the deletion.
    await page.goto(`${site.url}/account/data`);
    await eventually(() => page.locator('#erase-reauth').isVisible()).toBe(true);
    expect(await page.locator('#erase-password').isVisible()).toBe(false);
    await page.locator('#erase-form').getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete my account' }).click();
    await eventually(() => page.locator('#erase-status').textContent()).toBe('Your account has been deleted. Goodbye!');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks for the existing account's password before linking the provider to it", async () => {
    const ann = await site.app.register('Ann Existing');
    provider.identities.set('ann-elsewhere', { email: ann.email, email_verified: true, name: 'Ann at the provider' });
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInAtProvider(page, 'ann-elsewhere', '/account');

    await page.waitForURL((url) => url.pathname === '/login/complete');
    await eventually(() => page.locator('#complete-status').textContent()).toBe(
      `An account with ${ann.email} already exists.`,
    );
    expect(await page.locator('#link-intro').textContent()).toMatch(/link your Test ID sign-in/);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Link and sign in' }).click();
    await eventually(() => page.locator('#password-error').textContent()).toMatch(/password is wrong \(4 tries left\)/);
    await saveScreenshot(page, 'site-oidc-link');

    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Link and sign in' }).click();
    await page.waitForURL(`${site.url}/account`);
    await eventually(() => page.locator('#account').textContent()).toContain('Signed in as Ann Existing');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a refusal: an unverified email that belongs to an existing account', async () => {
    const cy = await site.app.register('Cy Existing');
    provider.identities.set('cy-elsewhere', { email: cy.email, email_verified: false });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAtProvider(page, 'cy-elsewhere', '/');
    await page.waitForURL((url) => url.pathname === '/login/complete');
    await eventually(() => page.locator('#complete-status').textContent()).toMatch(
      /Test ID has not verified that the address is yours/,
    );
    expect(await page.getByRole('link', { name: 'Back to signing in' }).isVisible()).toBe(true);
    // The header's way in does not lead back to this one-time page.
    expect(await page.locator('#login-link').getAttribute('href')).toBe('/login?next=%2F');
    expect(await page.evaluate("localStorage.getItem('showtime.token')")).toBeNull();
    await context.close();
  });
});
