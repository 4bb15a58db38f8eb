// The customer's bookings, newest first, with cancel and the refund shown.
import type { z } from '@hono/zod-openapi';
import type { BookingList } from '../../../../schemas/bookings.js';
import type { Booking, ShowDetails } from '../api-types.js';
import { api } from '../api.js';
import { cancelControl, refundText } from '../cancel.js';
import { fill, h } from '../dom.js';
import { myBookingsIds } from '../element-ids.js';
import { element } from '../elements.js';
import { money, plural } from '../format.js';
import { showTimeNodes } from '../show-time.js';
import { problemMessage } from '../problems.js';
import { requireUser } from '../session.js';
import { seatWords, showInfo } from '../show-info.js';

/** How the total came about, when it is more than the seats' price. */
function priceNote(booking: Booking): string {
  const parts: string[] = [];
  if (booking.discount.amount > 0) parts.push(`${money(booking.discount)} off`);
  if (booking.fees.amount > 0) parts.push(`${money(booking.fees)} fees`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function card(booking: Booking, show: ShowDetails | null) {
  const title = show?.title ?? booking.showId;
  const status = h(
    'p',
    { class: booking.status === 'confirmed' ? 'success' : 'meta' },
    booking.status === 'confirmed' ? 'Confirmed' : refundText(booking.refund),
  );
  const article = h(
    'article',
    { class: 'card', 'aria-labelledby': `b-${booking.bookingId}` },
    h(
      'h2',
      { id: `b-${booking.bookingId}` },
      h('a', { href: `/bookings/${encodeURIComponent(booking.bookingId)}` }, title),
    ),
    show ? h('p', {}, showTimeNodes(show.startsAt, show.timeZone), ` · ${show.venue.name}`) : null,
    h('p', { class: 'meta' }, `${seatWords(booking).join(', ')} · ${money(booking.total)}${priceNote(booking)}`),
    status,
  );
  const upcoming = !show || Date.parse(show.startsAt) > Date.now();
  if (booking.status === 'confirmed' && upcoming) {
    article.append(
      // The control then shows the refund itself.
      cancelControl(booking, title, () => status.remove()),
    );
  }
  return h('li', {}, article);
}

async function main() {
  await requireUser();
  const status = element(myBookingsIds.bookingsStatus);
  status.textContent = 'Loading…';
  try {
    const { items } = await api<z.infer<typeof BookingList>>('/api/me/bookings');
    const shows = await Promise.all(items.map((b) => showInfo(b.showId)));
    fill(
      element(myBookingsIds.bookings),
      items.map((b, i) => card(b, shows[i] ?? null)),
    );
    status.textContent = items.length === 0 ? 'No bookings yet.' : `${plural(items.length, 'booking')}.`;
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

main();
