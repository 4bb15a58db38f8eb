import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about an account (the login typed at its sign-in page is the subject). */
export interface TestIdentity {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port, in the test process. Its
 * development sign-in page takes any login and password; the login is the subject, and the claims come
 * from `identities` (set them before signing in).
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  identities: Map<string, TestIdentity>;
  /** OIDC_PROVIDERS naming this provider, and any others given. */
  setting(id: string, name: string, others?: object[]): string;
  /** Registers the client with its redirect URIs and starts answering (the site's address is known by now). */
  serve(redirectUris: string[]): void;
  close(): Promise<void>;
}

/**
 * Signs `login` in at the provider as a browser would, without one: follows its redirects, fills its
 * sign-in form and accepts its consent form, carrying its cookies. Returns the URL the provider sends
 * the browser back to (the site's callback with code and state).
 */
export async function authorizeAt(authorizationUrl: string, login: string, callbackPrefix: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(callbackPrefix)) return new URL(url);
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: cookieHeader() } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html);
    if (!form) throw new Error(`the provider answered ${res.status} with no form: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields.set(name!, value!);
    if (fields.get('prompt') === 'login') {
      fields.set('login', login);
      fields.set('password', 'any password');
    }
    url = new URL(form[1]!.replace(/&amp;/g, '&'), url).href;
    init = {
      method: 'POST',
      body: fields.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error('the provider did not send the browser back');
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'showtime-test';
  const clientSecret = 'a-client-secret-for-the-tests-only';
  const identities = new Map<string, TestIdentity>();
  return {
    issuer,
    clientId,
    clientSecret,
    identities,
    setting: (id, name, others = []) => JSON.stringify([{ id, name, issuer, clientId, clientSecret }, ...others]),
    serve(redirectUris) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        // The claims the scopes ask for go into the ID token, where the site reads them.
        conformIdTokenClaims: false,
        cookies: { keys: ['test-cookie-key-not-a-secret'] },
        // Said, so the provider does not warn about its defaults on every token.
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
        async findAccount(_ctx, sub) {
          return { accountId: sub, claims: () => ({ sub, ...identities.get(sub) }) };
        },
      });
      server.on('request', provider.callback());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
