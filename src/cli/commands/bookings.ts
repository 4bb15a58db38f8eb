import { showTitles } from '../ops/show-titles.js';
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
  usage: 'cancel <bookingId>',
  summary: "cancel a booking; the refund follows the show's policy",
  minArgs: 1,
  maxArgs: 1,
  async run({ session, out, options }, [bookingId]) {
    session.requireLogin();
    const result = await session.api.cancelBooking(bookingId!);
    if (options.json) {
      out.out(JSON.stringify(result, null, 2));
      return;
    }
    for (const line of renderCancellation(result, out.colors)) out.out(line);
  },
};
