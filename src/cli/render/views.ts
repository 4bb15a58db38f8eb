import type { Booking, CancelledBooking, EventShow, EventSummary, Hold, ShowDetails } from '../api/types.js';
import type { Colors } from '../output.js';
import { formatMoney, formatRemaining, formatSeats, formatShowState, formatTime, nameOf } from './format.js';
import { renderTable } from './table.js';

/** `label  value` pairs with the labels aligned. */
export function renderFields(pairs: [string, string][], c: Colors): string[] {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${c.dim(k.padEnd(width))}  ${v}`);
}

export function renderShow(show: ShowDetails, c: Colors): string[] {
  const state = formatShowState(show.state);
  const stateText = show.state.startsWith('onSale.available') ? c.green(state) : c.yellow(state);
  const lines = [
    `${c.bold(show.title)} ${c.dim(`(${show.showId})`)}`,
    ...renderFields(
      [
        ['When', formatTime(show.startsAt, show.timeZone)],
        ['Where', `${show.venue.name}, ${show.hall.name}, ${show.city.name}`],
        ['State', show.state === 'scheduled' && show.salesOpenAt ? `${stateText} (opens ${formatTime(show.salesOpenAt, show.timeZone)})` : stateText],
        [
          'Seats',
          `${show.available} free, ${show.held} held, ${show.booked} booked of ${show.capacity}` +
            (show.waitlistLength > 0 ? `, ${show.waitlistLength} waiting` : ''),
        ],
      ],
      c,
    ),
  ];
  if (show.categories.length > 0) {
    lines.push(
      '',
      ...renderTable(
        [{ header: 'Category' }, { header: 'Price', align: 'right' }, { header: 'Free', align: 'right' }],
        show.categories.map((cat) => [cat.category, formatMoney(cat.price), String(cat.available)]),
        c.dim,
      ),
    );
  }
  return lines;
}

export function renderHold(hold: Hold, c: Colors, now: number): string[] {
  return renderFields(
    [
      ['Hold', hold.holdId],
      ['Seats', formatSeats(hold)],
      ['Total', formatMoney(hold.total)],
      ['Held until', `${formatTime(hold.expiresAt)} (${formatRemaining(hold.expiresAt, now)} left)`],
    ],
    c,
  );
}

/**
 * `baseUrl` (the server, which also serves the web site) makes the booking's ticket page a link a
 * person can open: it shows the QR code after the site's login. The API's QR path itself needs the
 * token, so a browser opening it would only get 401.
 */
export function renderBooking(booking: Booking, c: Colors, opts: { title?: string; baseUrl?: string } = {}): string[] {
  const { title } = opts;
  const pairs: [string, string][] = [
    ['Booking', booking.bookingId],
    ['Show', title ? `${title} (${booking.showId})` : booking.showId],
    ['Seats', formatSeats(booking)],
    ['Subtotal', formatMoney(booking.subtotal)],
    ...(booking.discount.amount > 0 ? [['Discount', `-${formatMoney(booking.discount)}`] as [string, string]] : []),
    ...(booking.fees && booking.fees.amount > 0 ? [['Fees', formatMoney(booking.fees)] as [string, string]] : []),
    ['Total', formatMoney(booking.total)],
    ['Status', booking.status === 'confirmed' ? c.green(booking.status) : c.yellow(booking.status)],
  ];
  if (booking.refund) pairs.push(['Refund', formatMoney(booking.refund)]);
  pairs.push(['Tickets', String(booking.tickets.length)]);
  pairs.push(['Ticket page', `${opts.baseUrl ?? ''}/bookings/${encodeURIComponent(booking.bookingId)}`]);
  return renderFields(pairs, c);
}

export function renderBookingList(bookings: Booking[], c: Colors, titles = new Map<string, string>()): string[] {
  if (bookings.length === 0) return ['No bookings yet.'];
  return renderTable(
    [
      { header: 'Booking' },
      { header: 'Show id' },
      { header: 'Title' },
      { header: 'Seats' },
      { header: 'Total', align: 'right' },
      { header: 'Status' },
      { header: 'Booked at' },
    ],
    bookings.map((b) => [
      b.bookingId,
      b.showId,
      titles.get(b.showId) ?? '',
      formatSeats(b),
      formatMoney(b.total),
      b.status === 'confirmed' ? c.green(b.status) : c.yellow(b.status + (b.refund ? ` (refund ${formatMoney(b.refund)})` : '')),
      formatTime(b.createdAt),
    ]),
    c.dim,
  );
}

export function renderCancellation(result: CancelledBooking, c: Colors): string[] {
  return renderFields(
    [
      ['Booking', result.bookingId],
      ['Status', c.yellow(result.status)],
      ['Refund', `${formatMoney(result.refund)} (${result.refund.status})`],
    ],
    c,
  );
}

/** One line per upcoming show: the rows `list` prints and scripts cut apart. */
export interface ShowRow {
  event: EventSummary;
  show: EventShow;
}

/** Shows as a table; a Km column appears when the rows were found near a place. */
export function renderShowRows(rows: ShowRow[], c: Colors): string[] {
  const distance = rows.some((r) => r.show.distanceKm != null);
  return renderTable(
    [
      { header: 'Show id' },
      { header: 'When' },
      { header: 'Title' },
      { header: 'Category' },
      { header: 'Venue' },
      { header: 'City' },
      ...(distance ? [{ header: 'Km', align: 'right' as const }] : []),
      { header: 'Free', align: 'right' },
    ],
    rows.map(({ event, show }) => [
      show.showId,
      formatTime(show.startsAt, show.timeZone),
      event.title,
      event.category,
      nameOf(show.venue),
      nameOf(show.city),
      ...(distance ? [show.distanceKm == null ? '' : show.distanceKm.toFixed(1)] : []),
      show.availableSeats == null ? '' : String(show.availableSeats),
    ]),
    c.dim,
  );
}

export function renderEventRows(events: EventSummary[], c: Colors): string[] {
  return renderTable(
    [
      { header: 'Event id' },
      { header: 'Title' },
      { header: 'Category' },
      { header: 'Cities' },
      { header: 'Next show' },
      { header: 'Free', align: 'right' },
    ],
    events.map((e) => [
      e.eventId,
      e.title,
      e.category,
      (e.cities ?? []).map(nameOf).join(', '),
      formatTime(e.nextShowAt, e.shows?.[0]?.timeZone),
      e.availableSeats == null ? '' : String(e.availableSeats),
    ]),
    c.dim,
  );
}
