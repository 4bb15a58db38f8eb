// Your data: a download of everything held about you, and deleting the account.
import type { z } from '@hono/zod-openapi';
import type { PersonalDataExport } from '../../../../schemas/personal-data.js';
import { api, ApiProblem, setToken } from '../api.js';
import { fill, h } from '../dom.js';
import { myDataIds } from '../element-ids.js';
import { element } from '../elements.js';
import { confirmDialog } from '../confirm-dialog.js';
import { dateTime, plural } from '../format.js';
import { problemMessage } from '../problems.js';
import { requireUser } from '../session.js';

/** A booking that keeps the account from being deleted, as the refusal lists it. */
interface UpcomingBooking {
  bookingId: string;
  startsAt: string;
}

async function download() {
  const status = element(myDataIds.exportStatus);
  status.textContent = 'Preparing your data…';
  try {
    const data = await api<z.infer<typeof PersonalDataExport>>('/api/me/export');
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const link = h('a', { href: url, download: 'showtime-my-data.json', hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // The click has started the download; the object URL is no longer needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    status.textContent =
      `Downloaded: ${plural(data.bookings.length, 'booking')}, ${plural(data.payments.length, 'payment')}, ` +
      `${plural(data.notifications.length, 'notification')}, ${plural(data.reviews.length, 'review')}.`;
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

function blockers(err: unknown) {
  const listed = err instanceof ApiProblem ? err.body?.upcomingBookings : undefined;
  const bookings = Array.isArray(listed) ? (listed as UpcomingBooking[]) : [];
  return bookings.map((b) =>
    h(
      'li',
      {},
      h('a', { href: `/bookings/${encodeURIComponent(b.bookingId)}` }, 'Booking'),
      ' for a show on ',
      h('time', { datetime: b.startsAt }, dateTime(b.startsAt)),
    ),
  );
}

async function erase(event: SubmitEvent) {
  event.preventDefault();
  const status = element(myDataIds.eraseStatus);
  fill(element(myDataIds.eraseBlockers), []);
  const yes = await confirmDialog({
    title: 'Delete your account?',
    message: [
      'This cannot be undone. You will be signed out and cannot sign in with this account again.',
      'Download your data first if you want a copy.',
    ],
    confirmLabel: 'Delete my account',
  });
  if (!yes) return;
  status.textContent = 'Deleting…';
  try {
    const password = element(myDataIds.erasePassword, HTMLInputElement);
    await api('/api/me', { method: 'DELETE', body: password.required ? { password: password.value } : {} });
    setToken(null);
    fill(element(myDataIds.eraseForm), []);
    status.textContent = 'Your account has been deleted. Goodbye!';
  } catch (err) {
    status.textContent =
      err instanceof ApiProblem && err.code === 'invalid_credentials' ? 'The password is wrong.' : problemMessage(err);
    fill(element(myDataIds.eraseBlockers), blockers(err));
  }
  status.focus();
}

async function main() {
  const user = await requireUser();
  // An account made through a provider has no password: a fresh sign-in there confirms instead.
  if (user.hasPassword === false) {
    element(myDataIds.erasePassword, HTMLInputElement).required = false;
    element(myDataIds.erasePasswordLabel).hidden = true;
    element(myDataIds.eraseReauth).hidden = false;
  }
  element(myDataIds.exportData).addEventListener('click', download);
  element(myDataIds.eraseForm, HTMLFormElement).addEventListener('submit', erase);
}

main();
