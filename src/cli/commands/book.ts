import { parseCount } from '../args.js';
import { UsageError } from '../errors.js';
import { bestAvailable, cardPayment, checkoutTerms, holdAndPay, parsePoints, testCardNumber } from '../ops/booking.js';
import { formatMoney } from '../render/format.js';
import { renderQuote } from '../render/commerce.js';
import { renderBooking } from '../render/views.js';
import type { Command } from './command.js';

export const bookCommand: Command = {
  name: 'book',
  usage: 'book <showId> <count> [--category NAME] [--section NAME] [--promo CODE] [--points N|all] [--card NUMBER] [--yes]',
  summary: 'hold the best <count> seats, show the price, and pay (the test card unless --card)',
  details: [
    'in a terminal it asks before paying (--yes does not ask); piped, it pays the quoted total',
    'demo codes: WELCOME10, CLASSIC5, PREMIUM20; declined test card: 4000000000000002',
  ],
  minArgs: 2,
  maxArgs: 2,
  async run({ session, out, options, now, interactive, confirm }, [showId, countArg]) {
    const count = parseCount('count', countArg!, 1, 1000);
    if (options.card !== undefined && !/^[\d\s-]{12,23}$/.test(options.card)) {
      throw new UsageError('--card must be a card number (12 to 19 digits)');
    }
    const points = parsePoints(options.points);
    session.requireLogin();
    // Asked first so an unknown show is a plain "not found", and the output can name the show.
    const show = await session.api.show(showId!);
    const terms = await checkoutTerms(session.api, { promoCode: options.promo, points });
    // Under --json stdout carries only the booking; the price goes to stderr.
    const say = options.json ? out.err : out.out;
    const result = await holdAndPay(
      session.api,
      show.showId,
      bestAvailable(count, { category: options.category, section: options.section }),
      cardPayment(options.card ?? testCardNumber, now()),
      {
        terms,
        approve: async (quote) => {
          for (const line of renderQuote(quote, out.colors)) say(line);
          if (!interactive || options.yes) return true;
          return confirm(`Pay ${formatMoney(quote.total)}?`);
        },
      },
    );
    if (result.status === 'not_paid') {
      out.err('Not paid; the seats were released.');
      return;
    }
    const { booking } = result;
    if (options.json) {
      out.out(JSON.stringify(booking, null, 2));
      return;
    }
    out.out(out.colors.green(`Booked ${booking.quantity} ticket${booking.quantity === 1 ? '' : 's'} for ${show.title}`));
    for (const line of renderBooking(booking, out.colors, { title: show.title, baseUrl: session.url })) out.out(line);
  },
};
