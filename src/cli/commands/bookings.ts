import { showTitles } from '../ops/show-titles.js';
import { renderCancellationQuote, quoteSentence } from '../render/holds.js';
import { renderBookingList, renderCancellation } from '../render/views.js';
import type { Command } from './command.js';

export const bookingsCommand: Command = {
  name: 'bookings',
  usage: 'bookings',
  summary: 'your bookings',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    session.requireLogin();
    const { items } = await session.api.bookings();
    if (options.json) {
      out.out(JSON.stringify(items, null, 2));
      return;
    }
    const titles = await showTitles(session.api, items.map((b) => b.showId));
    for (const line of renderBookingList(items, out.colors, titles)) out.out(line);
  },
};

export const cancelCommand: Command = {
  name: 'cancel',
  usage: 'cancel <bookingId> [--yes]',
  summary: "cancel a booking; says first what the show's policy refunds",
  details: [
    'Asks to confirm with the refund amount in a terminal; --yes (or a script, stdin not a terminal) cancels at once.',
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, [bookingId]) {
    const { session, out, options } = ctx;
    session.requireLogin();
    const quote = await session.api.cancellationQuote(bookingId!);
    if (!options.json) for (const line of renderCancellationQuote(quote)) out.out(line);
    if (ctx.interactive && !options.yes && !(await ctx.confirm(`Cancel it? ${quoteSentence(quote)}`))) {
      out.out('Kept your booking.');
      return;
    }
    const result = await session.api.cancelBooking(bookingId!);
    if (options.json) {
      out.out(JSON.stringify(result, null, 2));
      return;
    }
    for (const line of renderCancellation(result, out.colors)) out.out(line);
  },
};
