// Money and times for people: the user's locale, amounts from minor units, times from ISO UTC.
import type { EventCategory } from '../../../../db/schema/catalog.js';
import type { Money } from './api-types.js';

const digitsCache = new Map<string, number>();

/** How many minor units a currency has (EUR 2, JPY 0), as Intl knows it. */
function fractionDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function majorUnits({ amount, currency }: Money): number {
  return amount / 10 ** fractionDigits(currency);
}

export function toMinorUnits(major: number, currency: string): number {
  return Math.round(major * 10 ** fractionDigits(currency));
}

/** `{amount: 8900, currency: 'EUR'}` as the user's locale writes it, e.g. "€89.00" or "89,00 €". */
export function money(m: Money): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency }).format(majorUnits(m));
}

/** The same amount for a screen reader: digits and the currency code, e.g. "89.00 EUR". */
export function moneySpoken(m: Money): string {
  const digits = fractionDigits(m.currency);
  const number = new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${number.format(majorUnits(m))} ${m.currency}`;
}

export function sumMoney(items: readonly Money[]): Money | null {
  const [first] = items;
  if (!first) return null;
  return { amount: items.reduce((n, m) => n + m.amount, 0), currency: first.currency };
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function dateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

export function longDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function time(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** The local calendar day of an instant, as a key for grouping (YYYY-MM-DD). */
export function localDayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** m:ss for a countdown. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** "2 minutes" / "30 seconds" for a spoken countdown. */
export function spokenDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.round(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;
}

export const categoryLabels: Record<EventCategory, string> = {
  movie: 'Movie',
  concert: 'Concert',
  theatre: 'Theatre',
  sports: 'Sports',
  train: 'Train',
  other: 'Other',
};

export function capitalize(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
