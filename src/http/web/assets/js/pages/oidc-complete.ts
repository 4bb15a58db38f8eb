// Where a sign-in with another account (OpenID Connect) comes back: the one-time code in this page's
// address is traded for the site's tokens, or, when the email belongs to an account with a password,
// that password is asked for before the provider is linked to the account.
import type { z } from '@hono/zod-openapi';
import type { OidcProviderList } from '../../../../schemas/oidc.js';
import type { TokenResponse } from '../api-types.js';
import { api, ApiProblem, setToken } from '../api.js';
import { fieldError } from '../dom.js';
import { oidcCompleteIds } from '../element-ids.js';
import { element } from '../elements.js';
import { problemMessage } from '../problems.js';
import { safeNext } from '../safe-next.js';
import '../session.js';

const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));
const status = element(oidcCompleteIds.completeStatus);

const refusals: Record<string, (who: string) => string> = {
  email_unverified: (who) =>
    `An account with this email address already exists, and ${who} has not verified that the address is yours, ` +
    'so the two cannot be linked. Log in with your password, or verify the address with the provider first.',
  no_email: (who) =>
    `${who} did not share an email address, which an account here needs. Allow it to, or create an account with a password.`,
  no_password: () =>
    'An account with this email address already exists and signs in with another provider: sign in with that one.',
  denied: () => 'The sign-in was cancelled at the provider. Nothing has changed.',
};

async function providerName() {
  const id = params.get('provider');
  try {
    const { providers } = await api<z.infer<typeof OidcProviderList>>('/api/auth/oidc/providers');
    return providers.find((p) => p.id === id)?.name ?? 'the provider';
  } catch {
    return 'the provider';
  }
}

function finish({ token, refreshToken }: TokenResponse) {
  setToken(token, refreshToken);
  status.textContent = 'Signed in.';
  location.replace(next);
}

function fail(message: string) {
  status.textContent = message;
  element(oidcCompleteIds.linkForm).hidden = true;
  const retry = element(oidcCompleteIds.retryLink, HTMLAnchorElement);
  retry.href = `/login?next=${encodeURIComponent(next)}`;
  element(oidcCompleteIds.completeRetry).hidden = false;
}

async function askPassword(code: string, email: string) {
  const who = await providerName();
  const form = element(oidcCompleteIds.linkForm, HTMLFormElement);
  const password = element(oidcCompleteIds.password, HTMLInputElement);
  const error = element(oidcCompleteIds.formError);
  status.textContent = `An account with ${email} already exists.`;
  element(oidcCompleteIds.linkIntro).textContent =
    `To link your ${who} sign-in to it, enter that account's password. ` +
    `After that, ${who} signs you in to it directly.`;
  form.hidden = false;
  password.focus();
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  if (!button) throw new Error('The link form has no submit button');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    fieldError(password, null);
    button.disabled = true;
    try {
      finish(
        await api<TokenResponse>('/api/auth/oidc/complete', {
          method: 'POST',
          body: { code, password: password.value },
        }),
      );
    } catch (err) {
      button.disabled = false;
      const problem = err instanceof ApiProblem ? err : null;
      if (problem?.code === 'invalid_code') return fail('This sign-in has expired or was used up: sign in again.');
      if (problem?.code === 'invalid_credentials') fieldError(password, problem.detail);
      else error.textContent = problemMessage(err);
    }
  });
}

async function main() {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  // The code works once, but it need not stay in the address, the history or a bookmark.
  history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
  const refusal = refusals[params.get('error') ?? ''];
  if (refusal) return fail(refusal(await providerName()));
  if (!code) return fail('This sign-in link is incomplete: sign in again.');
  try {
    finish(await api<TokenResponse>('/api/auth/oidc/complete', { method: 'POST', body: { code } }));
  } catch (err) {
    const problem = err instanceof ApiProblem ? err : null;
    if (problem?.code === 'password_required') {
      const email = problem.body?.email;
      return askPassword(code, typeof email === 'string' ? email : 'this email address');
    }
    fail(
      problem?.code === 'invalid_code'
        ? 'This sign-in has expired or was used up: sign in again.'
        : problemMessage(err),
    );
  }
}

main();
