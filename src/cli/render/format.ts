import { showTime } from '../../format/show-time.js';
import type { Money, NamedRef } from '../api/types.js';

const symbols: Record<string, string> = { EUR: '€', GBP: '£', USD: '$', INR: '₹' };

/** Minor units to a price a person reads: 1499 EUR -> €14.99 (currencies without a symbol keep their code). */
export function formatMoney(m: Money | undefined | null): string {
  if (!m) return '-';
  const sign = m.amount < 0 ? '-' : '';
  const abs = Math.abs(m.amount);
  const value = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  const symbol = symbols[m.currency];
  return symbol ? `${sign}${symbol}${value}` : `${sign}${value} ${m.currency}`;
}

/**
 * An ISO instant to the minute with its zone named, so it is never ambiguous. With the venue's
 * `timeZone` (a show's time) it reads as on the site and in emails, "Sat 19 Dec, 19:00 CET"; without
 * one (when a booking was made, say) it is in the reader's local time.
 */
export function formatTime(iso: string | null | undefined, timeZone?: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (timeZone) return showTime(d, timeZone);
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

/** "4 min 59 s" until `iso`, or "expired". */
export function formatRemaining(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return 'expired';
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

export function nameOf(ref: NamedRef): string {
  if (!ref) return '';
  return typeof ref === 'string' ? ref : ref.name;
}

const stateLabels: Record<string, string> = {
  scheduled: 'sales not open yet',
  'onSale.available': 'on sale',
  'onSale.allHeld': 'all seats held (may free up)',
  'onSale.soldOut': 'sold out',
  salesClosed: 'sales closed',
  cancelled: 'cancelled',
};

export function formatShowState(state: string): string {
  return stateLabels[state] ?? state;
}

/** Seats of a hold or booking: seat ids, or "3 × Standing" for general admission. */
export function formatSeats(x: { seats: string[]; quantity: number; section?: string }): string {
  if (x.seats.length > 0) return x.seats.join(', ');
  return `${x.quantity} × ${x.section ?? 'general admission'}`;
}
