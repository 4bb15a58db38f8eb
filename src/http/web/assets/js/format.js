// Money and times for people: the user's locale, amounts from minor units, times from ISO UTC.

const digitsCache = new Map();

/** How many minor units a currency has (EUR 2, JPY 0), as Intl knows it. */
function fractionDigits(currency) {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function majorUnits({ amount, currency }) {
  return amount / 10 ** fractionDigits(currency);
}

export function toMinorUnits(major, currency) {
  return Math.round(major * 10 ** fractionDigits(currency));
}

/** `{amount: 8900, currency: 'EUR'}` as the user's locale writes it, e.g. "€89.00" or "89,00 €". */
export function money(m) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency }).format(majorUnits(m));
}

/** The same amount for a screen reader: digits and the currency code, e.g. "89.00 EUR". */
export function moneySpoken(m) {
  const digits = fractionDigits(m.currency);
  const number = new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${number.format(majorUnits(m))} ${m.currency}`;
}

export function sumMoney(items) {
  if (items.length === 0) return null;
  return { amount: items.reduce((n, m) => n + m.amount, 0), currency: items[0].currency };
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

export function dateTime(iso) {
  return dateTimeFormat.format(new Date(iso));
}

export function longDate(iso) {
  return dateFormat.format(new Date(iso));
}

export function time(iso) {
  return timeFormat.format(new Date(iso));
}

/** The local calendar day of an instant, as a key for grouping (YYYY-MM-DD). */
export function localDayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** m:ss for a countdown. */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** "2 minutes" / "30 seconds" for a spoken countdown. */
export function spokenDuration(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.round(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;
}

export const categoryLabels = {
  movie: 'Movie',
  concert: 'Concert',
  theatre: 'Theatre',
  sports: 'Sports',
  train: 'Train',
  other: 'Other',
};

export function capitalize(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
