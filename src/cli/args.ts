import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export interface CliOptions {
  url?: string;
  config?: string;
  password?: string;
  newPassword?: string;
  json: boolean;
  help: boolean;
  city?: string;
  category?: string;
  q?: string;
  near?: string;
  radius?: string;
  postalCode?: string;
  from?: string;
  to?: string;
  sort?: string;
  section?: string;
  card?: string;
  price?: string;
  currency?: string;
  reserved: boolean;
  promo?: string;
  points?: string;
  yes: boolean;
  readAll: boolean;
  unread: boolean;
}

export interface ParsedArgs {
  command?: string;
  args: string[];
  options: CliOptions;
}

/** Options are accepted anywhere on the line, before or after the command. */
export function parseCliArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        config: { type: 'string' },
        password: { type: 'string' },
        'new-password': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        city: { type: 'string' },
        category: { type: 'string' },
        q: { type: 'string' },
        near: { type: 'string' },
        radius: { type: 'string' },
        'postal-code': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        sort: { type: 'string' },
        section: { type: 'string' },
        card: { type: 'string' },
        price: { type: 'string' },
        currency: { type: 'string' },
        reserved: { type: 'boolean', default: false },
        promo: { type: 'string' },
        points: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        'read-all': { type: 'boolean', default: false },
        unread: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command, ...args] = parsed.positionals;
  const v = parsed.values;
  return {
    command,
    args,
    options: {
      url: v.url,
      config: v.config,
      password: v.password,
      newPassword: v['new-password'],
      json: v.json ?? false,
      help: v.help ?? false,
      city: v.city,
      category: v.category,
      q: v.q,
      near: v.near,
      radius: v.radius,
      postalCode: v['postal-code'],
      from: v.from,
      to: v.to,
      sort: v.sort,
      section: v.section,
      card: v.card,
      price: v.price,
      currency: v.currency,
      reserved: v.reserved ?? false,
      promo: v.promo,
      points: v.points,
      yes: v.yes ?? false,
      readAll: v['read-all'] ?? false,
      unread: v.unread ?? false,
    },
  };
}

/** A whole number in [min, max], or a UsageError naming the argument. */
export function parseCount(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** A show time as given: an instant, or a wall-clock time (`2030-12-01T19:30`) on the venue's clock. */
export type ShowDate = { at: Date } | { local: string };

/**
 * A show time: an ISO 8601 instant, or a date and time without a zone (on the venue's clock, as the
 * admin pages take it), or a bare date (an evening show: 19:00 at the venue).
 */
export function parseShowDate(value: string): ShowDate {
  const v = value.trim();
  let iso: string;
  let local: string | null = null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    iso = `${v}T19:00:00Z`;
    local = `${v}T19:00`;
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) {
    iso = `${v.replace(' ', 'T')}Z`;
    local = v.replace(' ', 'T').slice(0, 16);
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v))
    iso = v.replace(' ', 'T');
  else
    throw new UsageError(
      `date must look like 2030-12-01, 2030-12-01T19:30 or 2030-12-01T19:30:00+01:00, got "${value}"`,
    );
  const d = new Date(iso);
  // Date rolls 2030-02-31 over into March; a calendar date must survive the round trip.
  const [y, m, day] = v.slice(0, 10).split('-').map(Number);
  const calendar = new Date(Date.UTC(y!, m! - 1, day!));
  if (Number.isNaN(d.getTime()) || calendar.getUTCMonth() !== m! - 1 || calendar.getUTCDate() !== day) {
    throw new UsageError(`"${value}" is not a real date`);
  }
  return local === null ? { at: d } : { local };
}
