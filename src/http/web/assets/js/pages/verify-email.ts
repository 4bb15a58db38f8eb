// The link in the verification email lands here: its token confirms the address through the API.
import type { z } from '@hono/zod-openapi';
import type { EmailVerified } from '../../../../schemas/auth.js';
import { api } from '../api.js';
import { verifyEmailIds } from '../element-ids.js';
import { element } from '../elements.js';
import { problemMessage } from '../problems.js';
import '../session.js';

async function main() {
  const status = element(verifyEmailIds.verifyStatus);
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    status.textContent = 'This link has no token: open the link from the email as it is.';
    return;
  }
  // The token is in this page's address only until it is used.
  history.replaceState(null, '', location.pathname);
  try {
    const { email } = await api<z.infer<typeof EmailVerified>>('/api/auth/verify-email', {
      method: 'POST',
      body: { token },
    });
    status.textContent = `Thank you: ${email} is confirmed. Booking confirmations and tickets will be emailed to it.`;
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

main();
