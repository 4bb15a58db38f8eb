// Where a sign-in with another account (OpenID Connect) comes back: the one-time code in this page's
// address is traded for the site's tokens, or, when the email belongs to an account with a password,
// that password is asked for before the provider is linked to the account.
import { api, setToken } from '../api.js';
import { byId, fieldError, safeNext } from '../dom.js';
import { problemMessage } from '../problems.js';
import '../session.js';

const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));
const status = byId('complete-status');

const refusals = {
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
    const { providers } = await api('/api/auth/oidc/providers');
    return providers.find((p) => p.id === id)?.name ?? 'the provider';
  } catch {
    return 'the provider';
  }
}

function finish({ token, refreshToken }) {
  setToken(token, refreshToken);
  status.textContent = 'Signed in.';
  location.replace(next);
}

function fail(message) {
  status.textContent = message;
  byId('link-form').hidden = true;
  const retry = byId('retry-link');
  retry.href = `/login?next=${encodeURIComponent(next)}`;
  byId('complete-retry').hidden = false;
}

async function askPassword(code, email) {
  const who = await providerName();
  const form = byId('link-form');
  const password = byId('password');
  const error = byId('form-error');
  status.textContent = `An account with ${email} already exists.`;
  byId('link-intro').textContent =
    `To link your ${who} sign-in to it, enter that account's password. ` +
    `After that, ${who} signs you in to it directly.`;
  form.hidden = false;
  password.focus();
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    fieldError(password, null);
    button.disabled = true;
    try {
      finish(await api('/api/auth/oidc/complete', { method: 'POST', body: { code, password: password.value } }));
    } catch (err) {
      button.disabled = false;
      if (err.code === 'invalid_code') return fail('This sign-in has expired or was used up: sign in again.');
      if (err.code === 'invalid_credentials') fieldError(password, err.detail);
      else error.textContent = problemMessage(err);
    }
  });
}

async function main() {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  // The code works once, but it need not stay in the address, the history or a bookmark.
  history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
  const refusal = refusals[params.get('error')];
  if (refusal) return fail(refusal(await providerName()));
  if (!code) return fail('This sign-in link is incomplete: sign in again.');
  try {
    finish(await api('/api/auth/oidc/complete', { method: 'POST', body: { code } }));
  } catch (err) {
    if (err.code === 'password_required') return askPassword(code, err.body?.email ?? 'this email address');
    fail(err.code === 'invalid_code' ? 'This sign-in has expired or was used up: sign in again.' : problemMessage(err));
  }
}

main();
