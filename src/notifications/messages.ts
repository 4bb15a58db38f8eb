import type { OutboxTopic } from '../db/schema/index.js';
import { money } from '../format/money.js';
import { showClock, showTime } from '../format/show-time.js';

/** The show a fact is about, as a person names it. */
export interface ShowLabel {
  title: string;
  startsAt: Date;
  venue: string;
  /** The venue's zone: the time is written on its clock, as on the site. */
  timeZone: string;
}

export interface Message {
  title: string;
  body: string;
}

type Payload = Record<string, unknown>;

const num = (p: Payload, key: string) => (typeof p[key] === 'number' ? (p[key] as number) : null);
const str = (p: Payload, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : null);
const list = (p: Payload, key: string) =>
  Array.isArray(p[key]) ? (p[key] as unknown[]).filter((x): x is string => typeof x === 'string') : [];

function amount(p: Payload, key = 'total'): string | null {
  const value = num(p, key);
  const currency = str(p, 'currency');
  return value === null || currency === null ? null : money(value, currency);
}

function places(p: Payload): string {
  const seats = list(p, 'seats');
  const quantity = num(p, 'quantity') ?? seats.length;
  if (seats.length > 0) return `${seats.length === 1 ? 'seat' : 'seats'} ${seats.join(', ')}`;
  return `${quantity} ${quantity === 1 ? 'place' : 'places'}`;
}

/** A batch passes the same label object for every fact of a show, so its phrase is formatted once. */
const showPhrases = new WeakMap<ShowLabel, string>();

function what(show: ShowLabel | null): string {
  if (!show) return 'your show';
  let phrase = showPhrases.get(show);
  if (phrase === undefined) {
    phrase = `${show.title} (${showTime(show.startsAt, show.timeZone)}, ${show.venue})`;
    showPhrases.set(show, phrase);
  }
  return phrase;
}

const sentence = (...parts: (string | null | false)[]) => parts.filter(Boolean).join(' ');

/**
 * The title and text a customer reads, in the inbox and in the email, for one outbox fact. Pure:
 * the caller looks up the show's name, so the same fact always reads the same way.
 */
export function renderMessage(topic: OutboxTopic, payload: Payload, show: ShowLabel | null): Message {
  const name = show?.title ?? 'your show';
  switch (topic) {
    case 'booking.confirmed':
      return {
        title: `Booking confirmed: ${name}`,
        body: sentence(
          `You are booked for ${what(show)}: ${places(payload)}.`,
          amount(payload) && `Total paid: ${amount(payload)}.`,
          str(payload, 'bookingId') && `Booking ${str(payload, 'bookingId')}.`,
          'Your tickets are under My bookings.',
        ),
      };
    case 'booking.cancelled':
      return {
        title: `Booking cancelled: ${name}`,
        body: sentence(
          `Your booking${ref(payload, 'bookingId')} for ${what(show)} is cancelled (${places(payload)}).`,
          'Any refund due is on its way; you will hear when it is paid.',
        ),
      };
    case 'refund.succeeded':
      return {
        title: `Refund paid: ${amount(payload, 'amount') ?? 'your refund'}`,
        body: sentence(
          `We refunded ${amount(payload, 'amount') ?? 'your payment'}`,
          str(payload, 'bookingId') ? `for booking ${str(payload, 'bookingId')} (${what(show)}).` : `for ${what(show)}.`,
          'It shows on your statement within a few days.',
        ),
      };
    case 'waitlist.offered':
      return {
        title: `Seats for you: ${name}`,
        body: sentence(
          `Your turn on the waitlist for ${what(show)} came: ${places(payload)} are held for you`,
          amount(payload) ? `at ${amount(payload)}` : null,
          `until ${expiry(payload, show)}. Pay before then to book them.`,
        ),
      };
    case 'hold.expiring':
      return {
        title: `Your hold expires soon: ${name}`,
        body: sentence(
          `Your ${places(payload)} for ${what(show)} are held until ${expiry(payload, show)}.`,
          'Pay before then or they are released.',
        ),
      };
    case 'show.cancelled':
      return {
        title: `Show cancelled: ${name}`,
        body: sentence(
          `We are sorry: ${what(show)} is cancelled.`,
          `Your booking${ref(payload, 'bookingId')} is cancelled and refunded in full${amount(payload) ? ` (${amount(payload)})` : ''}.`,
        ),
      };
    case 'show.updated':
      return {
        title: `Show changed: ${name}`,
        body: sentence(`${what(show)} has changed:`, describeChanges(payload.changes, show), 'Your booking stays valid.'),
      };
  }
}

/** The site page a message asks its reader to act on, for the link in its email. */
export interface MessageLink {
  label: string;
  /** Path on the web site, from its root. */
  path: string;
}

/**
 * Where to pay for seats held for the reader: the show's page, which finds the customer's live hold
 * and offers its checkout (as the site's notifications page links it). null when nothing is to be done.
 */
export function messageLink(topic: OutboxTopic, payload: Payload): MessageLink | null {
  const showId = str(payload, 'showId');
  if (!showId) return null;
  const path = `/shows/${encodeURIComponent(showId)}`;
  if (topic === 'waitlist.offered' || topic === 'hold.expiring') return { label: 'Pay for your seats here', path };
  return null;
}

/** " <id>" when the payload has it, so a sentence reads well either way. */
function ref(p: Payload, key: string): string {
  const value = str(p, key);
  return value ? ` ${value}` : '';
}

/** A deadline on the venue's clock, like the show's own time; UTC when the show is unknown. */
function expiry(p: Payload, show: ShowLabel | null): string {
  const at = str(p, 'expiresAt');
  if (!at) return 'shortly';
  return show ? showClock(at, show.timeZone) : `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

/** A changed time (`startsAt`, `salesCloseAt`...) as the site writes it, not as raw ISO or epoch ms. */
function changedValue(field: string, to: unknown, show: ShowLabel | null): string {
  const isTime = field.endsWith('At') && (typeof to === 'string' || typeof to === 'number');
  if (isTime && show && !Number.isNaN(new Date(to).getTime())) return showTime(new Date(to), show.timeZone);
  return typeof to === 'string' ? to : JSON.stringify(to);
}

function describeChanges(changes: unknown, show: ShowLabel | null): string {
  if (!changes || typeof changes !== 'object') return 'see the show page.';
  const parts = Object.entries(changes as Record<string, unknown>).map(([field, value]) => {
    const to = value && typeof value === 'object' && 'to' in value ? (value as { to: unknown }).to : value;
    return `${field} is now ${changedValue(field, to, show)}`;
  });
  return parts.length > 0 ? `${parts.join('; ')}.` : 'see the show page.';
}
