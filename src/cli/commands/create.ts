import { parseCount, parseShowDate } from '../args.js';
import { UsageError } from '../errors.js';
import { createShowWithVenue } from '../ops/create-show.js';
import { formatMoney, formatTime } from '../render/format.js';
import type { Command } from './command.js';

const categories = ['movie', 'concert', 'theatre', 'sports', 'train', 'other'];

export const createCommand: Command = {
  name: 'create',
  usage: 'create <name> <date> <totalTickets> [--reserved] [--city NAME] [--category KIND] [--price CENTS] [--currency EUR]',
  summary: '(admin) a venue, an event <name> and a show at <date>; prints the show id',
  details: [
    'general admission by default; --reserved makes rows of 20 numbered seats',
    "date: 2030-12-01 (19:00), 2030-12-01T19:30 (both on the venue's clock: its city's zone) or an instant, 2030-12-01T19:30+01:00",
    `category: ${categories.join(', ')} (default other); price in cents, default 2500`,
  ],
  minArgs: 3,
  maxArgs: 3,
  async run({ session, out, options }, [name, dateArg, totalArg]) {
    if (!name!.trim()) throw new UsageError('name must not be empty');
    const startsAt = parseShowDate(dateArg!);
    const capacity = parseCount('totalTickets', totalArg!, 1, 100_000);
    const category = options.category ?? 'other';
    if (!categories.includes(category)) throw new UsageError(`--category must be one of ${categories.join(', ')}`);
    const price = {
      amount: options.price === undefined ? 2500 : parseCount('--price', options.price, 0, 100_000_000),
      currency: (options.currency ?? 'EUR').toUpperCase(),
    };
    if (!/^[A-Z]{3}$/.test(price.currency)) throw new UsageError('--currency must be a three-letter code such as EUR');
    session.requireLogin();
    const created = await createShowWithVenue(session.api, {
      name: name!.trim(),
      startsAt,
      capacity,
      seating: options.reserved ? 'reserved' : 'general',
      city: options.city ?? 'Berlin',
      category,
      price,
    });
    if (options.json) {
      out.out(JSON.stringify(created, null, 2));
      return;
    }
    // The id alone on stdout, so `SHOW=$(showtime create ...)` works; the summary goes to stderr.
    out.out(created.showId);
    out.err(
      out.colors.dim(
        `Created "${name}" at ${formatTime(created.startsAt.toISOString(), created.timeZone)}: ${created.capacity} ` +
          `${options.reserved ? 'reserved seats' : 'standing places'} at ${formatMoney(price)} (event ${created.eventId})`,
      ),
    );
  },
};
