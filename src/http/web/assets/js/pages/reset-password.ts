// The link in a password reset email lands here: its token sets the new password through the API,
// which ends every other sign-in and signs in here.
import { api, ApiProblem, setToken } from '../api.js';
import type { TokenResponse } from '../api-types.js';
import { fieldError } from '../dom.js';
import { resetPasswordIds } from '../element-ids.js';
import { element } from '../elements.js';
import { problemMessage } from '../problems.js';
import '../session.js';

const form = element(resetPasswordIds.resetForm, HTMLFormElement);
const status = element(resetPasswordIds.resetStatus);
const token = new URLSearchParams(location.search).get('token');

function main() {
  if (!token) {
    form.hidden = true;
    status.textContent = 'This link has no token: open the link from the email as it is, or ask for a new one.';
    return;
  }
  // The token stays out of the address bar, the history and any Referer from here on.
  history.replaceState(null, '', location.pathname);
  const password = form.elements.namedItem('password');
  const button = form.querySelector('button[type=submit]');
  if (!(password instanceof HTMLInputElement) || !(button instanceof HTMLButtonElement)) {
    throw new Error('the reset form is not complete');
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fieldError(password, null);
    button.disabled = true;
    status.textContent = 'Setting your password…';
    try {
      const signedIn = await api<TokenResponse>('/api/auth/password-reset/confirm', {
        method: 'POST',
        body: { token, password: password.value },
      });
      setToken(signedIn.token, signedIn.refreshToken);
      status.textContent = 'Your password is set. Every other device is signed out.';
      location.assign('/account');
    } catch (err) {
      button.disabled = false;
      const problem = err instanceof ApiProblem ? err : null;
      const wrong = problem?.errors.find((fe) => fe.path === 'password');
      if (wrong) fieldError(password, wrong.message);
      status.textContent = problemMessage(err);
    }
  });
}

main();
