import type { CancellationPolicy, EventCategory } from '../db/schema/index.js';

/** Minor units as people write the amount: `8900 EUR` -> "€89.00". */
export function money(amount: number, currency: string): string {
  const f = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amount / 10 ** digits);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A show time on the city's clock: "Sat 14 Mar, 20:30". */
export function showTime(at: Date | string, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, f);
  }
  return f.format(typeof at === 'string' ? new Date(at) : at);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const categoryNames: Record<EventCategory, string> = {
  movie: 'films',
  concert: 'concerts',
  theatre: 'theatre',
  sports: 'sports',
  train: 'trains',
  other: 'other events',
};

function hoursBefore(hours: number): string {
  if (hours === 0) return 'until the show starts';
  if (hours % 24 === 0 && hours >= 48) return `until ${hours / 24} days before the show`;
  return `until ${plural(hours, 'hour')} before the show`;
}

/** A cancellation policy in words: "a full refund until 48 hours before the show, 50% until 2 hours before the show". */
export function describePolicy(policy: CancellationPolicy): string {
  const rules = [...policy.rules].sort((a, b) => b.hoursBefore - a.hoursBefore);
  if (rules.length === 0) return 'bookings cannot be cancelled';
  const parts = rules.map((r) => {
    const share =
      r.refundPercent === 100 ? 'a full refund' : r.refundPercent === 0 ? 'no refund' : `${r.refundPercent}% back`;
    return `${share} ${hoursBefore(r.hoursBefore)}`;
  });
  const last = rules[rules.length - 1]!;
  const after = last.hoursBefore === 0 ? '' : '; after that a booking can no longer be cancelled';
  return `${parts.join(', ')}${after}`;
}
