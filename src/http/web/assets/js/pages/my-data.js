// Your data: a download of everything held about you, and deleting the account.
import { api, setToken } from '../api.js';
import { byId, fill, h } from '../dom.js';
import { confirmDialog } from '../confirm-dialog.js';
import { dateTime, plural } from '../format.js';
import { problemMessage } from '../problems.js';
import { requireUser } from '../session.js';

async function download() {
  const status = byId('export-status');
  status.textContent = 'Preparing your data…';
  try {
    const data = await api('/api/me/export');
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

function blockers(problem) {
  const bookings = problem.body?.upcomingBookings ?? [];
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

async function erase(event) {
  event.preventDefault();
  const status = byId('erase-status');
  fill(byId('erase-blockers'), []);
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
    const password = byId('erase-password');
    await api('/api/me', { method: 'DELETE', body: password.required ? { password: password.value } : {} });
    setToken(null);
    fill(byId('erase-form'), []);
    status.textContent = 'Your account has been deleted. Goodbye!';
  } catch (err) {
    status.textContent = err.code === 'invalid_credentials' ? 'The password is wrong.' : problemMessage(err);
    fill(byId('erase-blockers'), blockers(err));
  }
  status.focus();
}

async function main() {
  const user = await requireUser();
  // An account made through a provider has no password: a fresh sign-in there confirms instead.
  if (user.hasPassword === false) {
    byId('erase-password').required = false;
    byId('erase-password-label').hidden = true;
    byId('erase-reauth').hidden = false;
  }
  byId('export-data').addEventListener('click', download);
  byId('erase-form').addEventListener('submit', erase);
}

main();
