// One booking: the QR ticket (fetched with the token, shown as an object URL), ticket codes, cancel.
import type { z } from '@hono/zod-openapi';
import type { PaymentRecordView } from '../../../../schemas/payments.js';
import type { Booking, ShowDetails } from '../api-types.js';
import { apiBlob, api, ApiProblem } from '../api.js';
import { cancelControl, refundText } from '../cancel.js';
import { fill, h, type Child } from '../dom.js';
import { bookingIds, layoutIds } from '../element-ids.js';
import { element } from '../elements.js';
import { money, plural } from '../format.js';
import { showTimeNodes } from '../show-time.js';
import { problemMessage } from '../problems.js';
import { requireUser } from '../session.js';
import { seatWords, showInfo } from '../show-info.js';

type Payment = z.infer<typeof PaymentRecordView>;

// The server renders data-booking-id from the page's path, so it is always there.
const bookingId = element(layoutIds.main).dataset.bookingId ?? '';

/** Where the discount came from, as the payment record tells it ("code WELCOME10 and 250 points"). */
function savingsFrom(payment: Payment | null): string {
  if (!payment) return '';
  const from: string[] = [];
  if (payment.promoCode) from.push(`code ${payment.promoCode}`);
  if (payment.pointsRedeemed > 0) from.push(plural(payment.pointsRedeemed, 'point'));
  return from.length ? ` (${from.join(' and ')})` : '';
}

function facts(booking: Booking, show: ShowDetails | null, payment: Payment | null) {
  const rows: [string, Child][] = [
    ['Event', show ? h('a', { href: `/events/${encodeURIComponent(show.eventId)}` }, show.title) : booking.showId],
    ['When', show ? showTimeNodes(show.startsAt, show.timeZone) : '—'],
    ['Where', show ? `${show.venue.name}, ${show.hall.name}, ${show.city.name}` : '—'],
    ['Seats', seatWords(booking).join(', ')],
    ['Status', booking.status === 'confirmed' ? 'Confirmed' : 'Cancelled'],
    ['Subtotal', money(booking.subtotal)],
    [
      'Discount',
      booking.discount.amount > 0 ? `−${money(booking.discount)}${savingsFrom(payment)}` : money(booking.discount),
    ],
    ['Fees', money(booking.fees)],
    ['Total paid', h('strong', { id: 'booking-total' }, money(booking.total))],
  ];
  if (booking.refund) rows.push(['Refund', money(booking.refund)]);
  rows.push(['Booking', h('code', {}, booking.bookingId)]);
  return h(
    'dl',
    { class: 'facts' },
    rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

async function qrFigure(booking: Booking) {
  const figure = h('figure', { class: 'qr' });
  try {
    const blob = await apiBlob(booking.qr);
    const url = URL.createObjectURL(blob);
    const img = h('img', {
      src: url,
      id: 'ticket-qr',
      alt: `QR code holding the ${booking.tickets.length} ticket code${booking.tickets.length === 1 ? '' : 's'} of this booking`,
    });
    img.addEventListener('load', () => (img.dataset.loaded = 'true'), { once: true });
    fill(figure, img, h('figcaption', {}, 'Show this code at the entrance.'));
  } catch (err) {
    fill(figure, h('p', { class: 'error' }, `The QR code could not be loaded: ${problemMessage(err)}`));
  }
  return figure;
}

/** A cancelled booking's codes no longer admit anyone: each says so, not only the page's colour. */
function ticketList(booking: Booking) {
  const cancelled = booking.status !== 'confirmed';
  return h(
    'section',
    { 'aria-labelledby': 'tickets-heading' },
    h('h2', { id: 'tickets-heading' }, cancelled ? 'Ticket codes (void: the booking is cancelled)' : 'Ticket codes'),
    h(
      'ol',
      { class: cancelled ? 'tickets void' : 'tickets', id: 'ticket-codes' },
      booking.tickets.map((t) =>
        h(
          'li',
          {},
          h('strong', {}, `${t.seatId || 'Entry'}: `),
          cancelled ? h('del', {}, h('code', {}, t.code)) : h('code', {}, t.code),
          cancelled ? h('span', { class: 'void-mark' }, ' void') : null,
        ),
      ),
    ),
  );
}

async function render(booking: Booking, show: ShowDetails | null, payment: Payment | null) {
  const status = element(bookingIds.bookingStatus);
  status.textContent =
    booking.status === 'confirmed' ? 'Booking confirmed. Enjoy the show!' : refundText(booking.refund);
  const details = h('section', { class: 'panel', 'aria-label': 'Booking details' }, facts(booking, show, payment));
  if (booking.status === 'confirmed') {
    details.append(
      cancelControl(booking, 'this booking', async () => {
        const cancelled = await api<Booking>(`/api/bookings/${encodeURIComponent(bookingId)}`).catch(() => null);
        if (cancelled) await render(cancelled, show, payment);
        status.focus();
      }),
    );
  }
  // The QR code first: at the door it is what the customer opens this page for.
  const qr = booking.status === 'confirmed' ? await qrFigure(booking) : null;
  fill(element(bookingIds.booking), qr, h('div', {}, details, ticketList(booking)));
}

async function main() {
  await requireUser();
  const status = element(bookingIds.bookingStatus);
  status.textContent = 'Loading…';
  let booking: Booking;
  try {
    booking = await api<Booking>(`/api/bookings/${encodeURIComponent(bookingId)}`);
  } catch (err) {
    status.textContent =
      err instanceof ApiProblem && err.status === 404 ? 'No such booking of yours.' : problemMessage(err);
    return;
  }
  const [show, payment] = await Promise.all([
    showInfo(booking.showId),
    api<Payment>(`/api/payments/${encodeURIComponent(booking.paymentId)}`).catch(() => null),
  ]);
  if (show) document.title = `Tickets: ${show.title} · Showtime`;
  await render(booking, show, payment);
}

main();
