import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcAccounts, outbox, refreshTokens } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from './harness.js';
import { authorizeAt, startOidcProvider, type TestIdentity, type TestOidcProvider } from './oidc-provider.js';

let t: TestApp;
let provider: TestOidcProvider;
// app.request() answers as http://localhost, so that is the address the provider sends the browser back to.
const callbackPrefix = 'http://localhost/api/auth/oidc/test/callback';

beforeAll(async () => {
  provider = await startOidcProvider();
  // "down" is configured but nobody answers at its address (port 9, discard: refused at once).
  const down = { id: 'down', name: 'Down ID', issuer: 'http://127.0.0.1:9', clientId: 'x' };
  t = await startTestApp({ OIDC_PROVIDERS: provider.setting('test', 'Test ID', [down]) });
  provider.serve([callbackPrefix]);
});

afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** The start: where it redirects, and the flow cookie it left. */
async function begin(next?: string) {
  const res = await t.app.request(
    `/api/auth/oidc/test/start${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`,
  );
  expect(res.status).toBe(302);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('showtime_oidc='));
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return { authorizationUrl: res.headers.get('location')!, cookie: cookie!.split(';')[0]! };
}

async function callback(url: URL, cookie: string | undefined) {
  return t.app.request(url.pathname + url.search, { headers: cookie ? { cookie } : {} });
}

/** The whole sign-in as a browser makes it; returns where the callback sends the browser. */
async function signIn(login: string, identity: TestIdentity, next?: string): Promise<string> {
  provider.identities.set(login, identity);
  const { authorizationUrl, cookie } = await begin(next);
  const res = await callback(await authorizeAt(authorizationUrl, login, callbackPrefix), cookie);
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

const codeOf = (location: string) => new URL(location, 'http://localhost').hash.replace(/^#code=/, '');

const complete = (code: string, password?: string) =>
  t.call('POST', '/api/auth/oidc/complete', { body: password === undefined ? { code } : { code, password } });

const verificationEmailsOf = async (userId: string) =>
  (
    await t.tdb.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'account.verify_email')))
  ).map((r) => r.payload);

const linksOf = (subject: string) => t.tdb.db.select().from(oidcAccounts).where(eq(oidcAccounts.subject, subject));

describe('OpenID Connect sign-in', () => {
  it('lists the configured providers, and the endpoints are in the OpenAPI document', async () => {
    const res = await t.call('GET', '/api/auth/oidc/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      providers: [
        { id: 'test', name: 'Test ID' },
        { id: 'down', name: 'Down ID' },
      ],
    });
    const paths = Object.keys((await t.call('GET', '/openapi.json')).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/auth/oidc/providers',
        '/api/auth/oidc/{provider}/start',
        '/api/auth/oidc/{provider}/callback',
        '/api/auth/oidc/complete',
      ]),
    );
  });

  it('answers 404 problem+json for a provider that is not configured', async () => {
    for (const path of ['/api/auth/oidc/nope/start', '/api/auth/oidc/nope/callback?code=x&state=y']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'not_found', detail: 'No sign-in provider is called nope' });
    }
  });

  it('answers 502 problem+json when the provider cannot be reached, and sets no cookie', async () => {
    const res = await t.app.request('/api/auth/oidc/down/start');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'provider_unavailable', detail: expect.stringMatching(/Down ID/) });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('redirects to the provider with PKCE, state and nonce', async () => {
    const url = new URL((await begin('/my-bookings')).authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(callbackPrefix);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
  });

  it('creates the account at the first sign-in, verified as the provider says, and signs in to it again later', async () => {
    const location = await signIn(
      'grace',
      { email: 'Grace@Example.com', email_verified: true, name: 'Grace Hopper' },
      '/my-bookings',
    );
    expect(location).toMatch(/^\/login\/complete\?next=%2Fmy-bookings&provider=test#code=[\w-]{43}$/);
    const code = codeOf(location);
    const first = await complete(code);
    expect(first.status).toBe(200);
    const me = await t.call('GET', '/api/me', { token: first.body.token });
    expect(me.body).toMatchObject({
      email: 'grace@example.com',
      name: 'Grace Hopper',
      emailVerified: true,
      hasPassword: false,
    });
    expect(first.body.refreshToken).toMatch(/^rt_/);
    const exported = await t.call('GET', '/api/me/export', { token: first.body.token });
    expect(exported.body.account.linkedSignIns).toEqual([
      { provider: 'test', subject: 'grace', email: 'grace@example.com', linkedAt: expect.any(String) },
    ]);
    // A code signs in once.
    expect((await complete(code)).body).toMatchObject({ status: 400, code: 'invalid_code' });

    const again = await complete(codeOf(await signIn('grace', { email: 'grace@example.com', email_verified: true })));
    expect(again.status).toBe(200);
    expect(again.body.userId).toBe(first.body.userId);
    // The account has no password: nobody signs in to it with one.
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'grace@example.com', password: '!oidc' } });
    expect(login.status).toBe(401);
  });

  it('leaves a new account unverified when the provider has not verified the address', async () => {
    const res = await complete(codeOf(await signIn('linus', { email: 'linus@example.com', email_verified: false })));
    expect(res.status).toBe(200);
    const me = await t.call('GET', '/api/me', { token: res.body.token });
    expect(me.body).toMatchObject({ email: 'linus@example.com', emailVerified: false });
    // It gets the verification email, as a registration does; a verified address gets none.
    expect(await verificationEmailsOf(res.body.userId)).toEqual([
      expect.objectContaining({ email: 'linus@example.com', link: expect.stringMatching(/\/verify-email\?token=/) }),
    ]);
    const verified = await complete(codeOf(await signIn('vera', { email: 'vera@example.com', email_verified: true })));
    expect(await verificationEmailsOf(verified.body.userId)).toEqual([]);
  });

  it("links a verified email's existing account only after its password", async () => {
    const ann = await t.register('Ann Existing');
    const location = await signIn('ann-at-provider', { email: ann.email, email_verified: true });
    const code = codeOf(location);
    const withoutPassword = await complete(code);
    expect(withoutPassword.status).toBe(409);
    expect(withoutPassword.body).toMatchObject({ code: 'password_required', email: ann.email });
    expect(await linksOf('ann-at-provider')).toEqual([]);

    const wrong = await complete(code, 'not the password');
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials', attemptsLeft: 4 });
    expect(await linksOf('ann-at-provider')).toEqual([]);

    const right = await complete(code, 'correct horse');
    expect(right.status).toBe(200);
    expect(right.body.userId).toBe(ann.userId);
    expect((await t.call('GET', '/api/me', { token: right.body.token })).body).toMatchObject({ hasPassword: true });
    expect(await linksOf('ann-at-provider')).toEqual([expect.objectContaining({ userId: ann.userId })]);

    // Linked: the next sign-in needs no password.
    const next = await complete(codeOf(await signIn('ann-at-provider', { email: ann.email, email_verified: true })));
    expect(next.status).toBe(200);
    expect(next.body.userId).toBe(ann.userId);
  });

  it('spends a link code after five wrong passwords', async () => {
    const bob = await t.register('Bob Existing');
    const code = codeOf(await signIn('bob-at-provider', { email: bob.email, email_verified: true }));
    for (let left = 4; left >= 0; left--) {
      expect((await complete(code, 'wrong password')).body).toMatchObject({
        code: 'invalid_credentials',
        attemptsLeft: left,
      });
    }
    expect((await complete(code, 'correct horse')).body).toMatchObject({ status: 400, code: 'invalid_code' });
    expect(await linksOf('bob-at-provider')).toEqual([]);
  });

  it('refuses to link an existing account to an unverified email, and says why', async () => {
    const cy = await t.register('Cy Existing');
    const location = await signIn('cy-at-provider', { email: cy.email, email_verified: false }, '/account');
    expect(location).toBe('/login/complete?next=%2Faccount&provider=test&error=email_unverified');
    expect(await linksOf('cy-at-provider')).toEqual([]);
  });

  it('refuses an identity that shares no email, and an address whose account has no password to prove', async () => {
    expect(await signIn('no-mail', {})).toBe('/login/complete?next=%2F&provider=test&error=no_email');
    // Two identities with one address: the first made the account, which has no password to link the second by.
    await complete(codeOf(await signIn('pat-one', { email: 'pat@example.com', email_verified: true })));
    expect(await signIn('pat-two', { email: 'pat@example.com', email_verified: true })).toBe(
      '/login/complete?next=%2F&provider=test&error=no_password',
    );
    expect(await linksOf('pat-two')).toEqual([]);
  });

  it('sends the customer back to the site when they cancel at the provider', async () => {
    const { authorizationUrl, cookie } = await begin('/account');
    const state = new URL(authorizationUrl).searchParams.get('state')!;
    const cancelled = new URL(callbackPrefix);
    cancelled.search = new URLSearchParams({ error: 'access_denied', state, iss: provider.issuer }).toString();
    const res = await callback(cancelled, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login/complete?next=%2Faccount&provider=test&error=denied');
  });

  it('rejects a callback whose state is not the one this browser started with (400 problem+json)', async () => {
    provider.identities.set('mallory', { email: 'mallory@example.com', email_verified: true });
    const { authorizationUrl, cookie } = await begin();
    const back = await authorizeAt(authorizationUrl, 'mallory', callbackPrefix);

    const tampered = new URL(back);
    tampered.searchParams.set('state', 'not-the-state');
    const wrongState = await callback(tampered, cookie);
    expect(wrongState.status).toBe(400);
    expect(wrongState.headers.get('content-type')).toBe('application/problem+json');
    expect(await wrongState.json()).toMatchObject({ code: 'oidc_failed', detail: expect.stringMatching(/state/) });
    // The flow is spent either way: its cookie is removed.
    expect(wrongState.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^showtime_oidc=; Max-Age=0; Path=\/api\/auth\/oidc/),
    ]);

    // Another browser (no flow cookie, or another sign-in's) cannot use this callback URL: a login CSRF.
    const noCookie = await callback(back, undefined);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.json()).toMatchObject({ code: 'invalid_state' });
    const otherCookie = await callback(back, (await begin()).cookie);
    expect(otherCookie.status).toBe(400);
    expect(await linksOf('mallory')).toEqual([]);
  });

  it('rejects an ID token whose nonce is not the one sent (400 problem+json)', async () => {
    provider.identities.set('nora', { email: 'nora@example.com', email_verified: true });
    const { authorizationUrl, cookie } = await begin();
    const swapped = new URL(authorizationUrl);
    swapped.searchParams.set('nonce', 'a-nonce-of-someone-elses');
    const res = await callback(await authorizeAt(swapped.href, 'nora', callbackPrefix), cookie);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'oidc_failed', detail: expect.stringMatching(/nonce/) });
    expect(await linksOf('nora')).toEqual([]);
  });

  it('returns to a path on this site only', async () => {
    const location = await signIn('otto', { email: 'otto@example.com', email_verified: true }, '//evil.example/x');
    expect(location).toMatch(/^\/login\/complete\?next=%2F&provider=test#code=/);
  });

  it('erases an account without a password from a fresh sign-in only, and its identity with it', async () => {
    const identity = { email: 'erin@example.com', email_verified: true };
    const stale = await complete(codeOf(await signIn('erin', identity)));
    // This sign-in began eleven minutes ago.
    await t.tdb.db
      .update(refreshTokens)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(refreshTokens.userId, stale.body.userId));
    const refused = await t.call('DELETE', '/api/me', { token: stale.body.token, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'reauthentication_required' });

    const fresh = await complete(codeOf(await signIn('erin', identity)));
    expect(fresh.body.userId).toBe(stale.body.userId);
    const erased = await t.call('DELETE', '/api/me', { token: fresh.body.token, body: {} });
    expect(erased.status).toBe(200);
    expect(await linksOf('erin')).toEqual([]);
    // The same identity again is a stranger now: a new account, not the erased one.
    const again = await complete(codeOf(await signIn('erin', identity)));
    expect(again.status).toBe(200);
    expect(again.body.userId).not.toBe(stale.body.userId);
  });

  it('still asks a password account for its password to erase it', async () => {
    const dan = await t.register('Dan Password');
    const res = await t.call('DELETE', '/api/me', { token: dan.token, body: {} });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'password', message: 'Required' }] });
  });

  it('answers a made-up code with 400 problem+json', async () => {
    const res = await complete('x'.repeat(43));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_code' });
  });
});
