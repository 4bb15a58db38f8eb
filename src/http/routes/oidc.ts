import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as client from 'openid-client';
import type { Clock } from '../../actors/runtime/types.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { createOidcAccounts, type OidcIdentity } from '../auth/oidc/accounts.js';
import { createFlowSealer } from '../auth/oidc/flow-cookie.js';
import { queueVerificationEmail } from '../auth/verification-email.js';
import { createOidcProviders, type OidcProvider } from '../auth/oidc/providers.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { safeNext } from '../safe-next.js';
import { TokenResponse } from '../schemas/auth.js';
import { json, Problem, problems } from '../schemas/common.js';
import {
  OidcCallbackQuery,
  OidcCompleteRequest,
  OidcProviderList,
  OidcProviderParam,
  OidcStartQuery,
} from '../schemas/oidc.js';

const tags = ['auth'];

/** The start's state, nonce and PKCE verifier, kept in the browser until the callback. */
const FLOW_COOKIE = 'showtime_oidc';
const FLOW_COOKIE_PATH = '/api/auth/oidc';
/** Long enough to sign in at the provider (a password, a second factor), short enough to be useless later. */
const FLOW_SECONDS = 10 * 60;
/** How long the web page has to redeem the callback's code, and to type the password when linking. */
const HANDOFF_SECONDS = 10 * 60;
/** Where the web site finishes the sign-in (see pages/auth.tsx). */
const COMPLETE_PAGE = '/login/complete';

const listProviders = createRoute({
  method: 'get',
  path: '/api/auth/oidc/providers',
  tags,
  summary: 'The OpenID Connect providers customers may sign in with (OIDC_PROVIDERS)',
  responses: { 200: { description: 'Configured providers', ...json(OidcProviderList) } },
});

const start = createRoute({
  method: 'get',
  path: '/api/auth/oidc/{provider}/start',
  tags,
  summary:
    'Start signing in with a provider: a redirect to it (authorization code with PKCE, state and nonce), ' +
    'which the browser follows; the state stays in a signed, HttpOnly cookie for ten minutes',
  request: { params: OidcProviderParam, query: OidcStartQuery },
  responses: {
    302: { description: "To the provider's sign-in page" },
    ...problems(400, 404),
    502: {
      description: 'The provider cannot be reached',
      content: { 'application/problem+json': { schema: Problem } },
    },
  },
});

const callback = createRoute({
  method: 'get',
  path: '/api/auth/oidc/{provider}/callback',
  tags,
  summary:
    'Where the provider sends the browser back. Checks state, PKCE, nonce and the ID token, then redirects to ' +
    `the site's ${COMPLETE_PAGE} page with a one-time code in the fragment (#code=...), or with ?error= ` +
    '(email_unverified, no_email, no_password, denied)',
  request: { params: OidcProviderParam, query: OidcCallbackQuery },
  responses: {
    302: { description: `To ${COMPLETE_PAGE}` },
    ...problems(400, 404),
    502: {
      description: 'The provider cannot be reached',
      content: { 'application/problem+json': { schema: Problem } },
    },
  },
});

const complete = createRoute({
  method: 'post',
  path: '/api/auth/oidc/complete',
  tags,
  summary:
    "Trade the callback's one-time code for a sign-in. When the provider's verified email belongs to an existing " +
    'account, the first answer is 409 password_required: send the code again with that account’s password to link ' +
    'the provider to it (403 for a wrong one; five spend the code)',
  request: { body: { required: true, ...json(OidcCompleteRequest) } },
  responses: {
    200: { description: 'Signed in', ...json(TokenResponse) },
    ...problems(400, 403, 409),
  },
});

/** OpenID Connect sign-in: start, callback, and the web page's redemption of the callback's code. */
export function oidcRoutes({
  db,
  auth,
  env,
  log,
  clock,
}: Pick<AppDeps, 'db' | 'auth' | 'env' | 'log'> & { clock: Clock }) {
  const providers = createOidcProviders(env.OIDC_PROVIDERS);
  const sealer = createFlowSealer(db, FLOW_SECONDS);
  const accounts = createOidcAccounts({ db, auth, now: () => clock.now(), handoffTtlSeconds: HANDOFF_SECONDS });

  /** The provider sends the browser back to the site's own address (SITE_URL), the one registered with it. */
  const callbackUrl = (c: Context<AppEnv>, provider: OidcProvider) =>
    `${(env.SITE_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '')}/api/auth/oidc/${provider.id}/callback`;

  function providerOf(id: string): OidcProvider {
    const provider = providers.get(id);
    if (!provider) throw new ApiError('not_found', 404, `No sign-in provider is called ${id}`);
    return provider;
  }

  async function configurationOf(provider: OidcProvider): Promise<client.Configuration> {
    try {
      return await provider.configuration();
    } catch (err) {
      log.warn({ err, provider: provider.id }, 'OpenID Connect discovery failed');
      throw new ApiError(
        'provider_unavailable',
        502,
        `${provider.name} cannot be reached right now: try again shortly`,
      );
    }
  }

  const toPage = (params: Record<string, string>, fragment = '') =>
    `${COMPLETE_PAGE}?${new URLSearchParams(params).toString()}${fragment}`;

  return createRouter()
    .openapi(listProviders, (c) => c.json({ providers: providers.list() }, 200))
    .openapi(start, async (c) => {
      const provider = providerOf(c.req.valid('param').provider);
      const configuration = await configurationOf(provider);
      const flow = {
        provider: provider.id,
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        next: safeNext(c.req.valid('query').next),
      };
      const redirectUri = callbackUrl(c, provider);
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
      });
      // Lax: the provider's redirect back is a top-level GET from another site, which Lax still sends.
      setCookie(c, FLOW_COOKIE, await sealer.seal(flow, clock.now()), {
        path: FLOW_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'Lax',
        secure: redirectUri.startsWith('https:'),
        maxAge: FLOW_SECONDS,
      });
      return c.redirect(url.href, 302);
    })
    .openapi(callback, async (c) => {
      const provider = providerOf(c.req.valid('param').provider);
      const sealed = getCookie(c, FLOW_COOKIE);
      // One use: whatever happens next, a second visit of this callback URL finds no state.
      deleteCookie(c, FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
      const flow = sealed ? await sealer.open(sealed, clock.now()) : null;
      if (!flow || flow.provider !== provider.id) {
        throw new ApiError(
          'invalid_state',
          400,
          'This sign-in was not started in this browser, or took longer than ten minutes: start again',
        );
      }
      const configuration = await configurationOf(provider);
      // The address the provider was given, whatever host or proxy the request came through.
      const current = new URL(callbackUrl(c, provider));
      current.search = new URL(c.req.url).search;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        // The state matched and the provider says no (the customer cancelled, or was not allowed).
        if (err instanceof client.AuthorizationResponseError) {
          return c.redirect(toPage({ next: flow.next, provider: provider.id, error: 'denied' }), 302);
        }
        if (err instanceof client.ClientError || err instanceof client.ResponseBodyError) {
          // The cause names the check that failed ('unexpected "state" ...', '... "nonce" claim value').
          const why = err.cause instanceof Error ? err.cause.message : err.message;
          throw new ApiError(
            'oidc_failed',
            400,
            `The answer from ${provider.name} did not check out (${why}): start again`,
          );
        }
        log.warn({ err, provider: provider.id }, 'OpenID Connect token request failed');
        throw new ApiError(
          'provider_unavailable',
          502,
          `${provider.name} cannot be reached right now: try again shortly`,
        );
      }
      const claims = tokens.claims();
      if (!claims) throw new ApiError('oidc_failed', 400, `${provider.name} sent no ID token: start again`);
      const identity: OidcIdentity = {
        provider: provider.id,
        subject: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : null,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : null,
      };
      const outcome = await accounts.afterCallback(identity);
      if (!outcome.ok) return c.redirect(toPage({ next: flow.next, provider: provider.id, error: outcome.code }), 302);
      if (outcome.toVerify) {
        await queueVerificationEmail({ db, auth }, env.SITE_URL ?? new URL(c.req.url).origin, outcome.toVerify);
      }
      // The code rides in the fragment: browsers send it to no server and put it in no Referer.
      return c.redirect(toPage({ next: flow.next, provider: provider.id }, `#code=${outcome.code}`), 302);
    })
    .openapi(complete, async (c) => {
      const { code, password } = c.req.valid('json');
      const result = await accounts.redeem(code, password);
      if (result.ok) {
        return c.json(
          {
            userId: result.userId,
            token: result.token,
            expiresAt: result.expiresAt.toISOString(),
            refreshToken: result.refreshToken,
          },
          200,
        );
      }
      switch (result.code) {
        case 'invalid_code':
          throw new ApiError('invalid_code', 400, 'This sign-in has expired or was already used: sign in again');
        case 'password_required':
          throw new ApiError(
            'password_required',
            409,
            `An account with ${result.email} already exists: enter its password to link this sign-in to it`,
            { email: result.email },
          );
        // 403, as for erasing an account: the caller is not unauthenticated, the password is wrong.
        case 'invalid_credentials':
          throw new ApiError(
            'invalid_credentials',
            403,
            result.attemptsLeft > 0
              ? `The password is wrong (${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left)`
              : 'The password is wrong, too many times: sign in with the provider again',
            { attemptsLeft: result.attemptsLeft },
          );
      }
    });
}
