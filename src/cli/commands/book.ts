import { parseCount } from '../args.js';
import { UsageError } from '../errors.js';
import { bestAvailable, cardPayment, holdAndPay, testCardNumber } from '../ops/booking.js';
import { renderBooking } from '../render/views.js';
import type { Command } from './command.js';

export const bookCommand: Command = {
  name: 'book',
  usage: 'book <showId> <count> [--category NAME] [--section NAME] [--card NUMBER]',
  summary: 'hold the best <count> seats and pay (the test card unless --card)',
  details: ['declined test card: 4000000000000002'],
  minArgs: 2,
  maxArgs: 2,
  async run({ session, out, options, now }, [showId, countArg]) {
    const count = parseCount('count', countArg!, 1, 1000);
    if (options.card !== undefined && !/^[\d\s-]{12,23}$/.test(options.card)) {
      throw new UsageError('--card must be a card number (12 to 19 digits)');
    }
    session.requireLogin();
    // Asked first so an unknown show is a plain "not found", and the output can name the show.
    const show = await session.api.show(showId!);
    const { booking } = await holdAndPay(
      session.api,
      show.showId,
      bestAvailable(count, { category: options.category, section: options.section }),
      cardPayment(options.card ?? testCardNumber, now()),
    );
    if (options.json) {
      out.out(JSON.stringify(booking, null, 2));
      return;
    }
    out.out(out.colors.green(`Booked ${booking.quantity} ticket${booking.quantity === 1 ? '' : 's'} for ${show.title}`));
    for (const line of renderBooking(booking, out.colors, { title: show.title, baseUrl: session.url })) out.out(line);
  },
};
