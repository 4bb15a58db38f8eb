// Asks for a password reset link. The answer is the same whether or not an account has the address.
import type { z } from '@hono/zod-openapi';
import type { PasswordResetQueued } from '../../../../schemas/auth.js';
import { api } from '../api.js';
import { forgotPasswordIds } from '../element-ids.js';
import { element } from '../elements.js';
import { problemMessage } from '../problems.js';
import '../session.js';

const form = element(forgotPasswordIds.forgotForm, HTMLFormElement);
const status = element(forgotPasswordIds.forgotStatus);
const button = form.querySelector('button[type=submit]');
const email = form.elements.namedItem('email');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!(email instanceof HTMLInputElement) || !(button instanceof HTMLButtonElement)) return;
  button.disabled = true;
  status.textContent = 'Sending…';
  try {
    const sent = await api<z.infer<typeof PasswordResetQueued>>('/api/auth/password-reset', {
      method: 'POST',
      body: { email: email.value },
    });
    status.textContent =
      `If an account has the address ${sent.email}, a link to choose a password is on its way. ` +
      'It works once, for the time the email says.';
  } catch (err) {
    status.textContent = problemMessage(err);
  } finally {
    button.disabled = false;
  }
});
