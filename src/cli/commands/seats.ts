import { renderSeatMap } from '../render/seat-map.js';
import { renderShow } from '../render/views.js';
import type { Command } from './command.js';

export const seatsCommand: Command = {
  name: 'seats',
  usage: 'seats <showId>',
  summary: "a show's details and its seat map (available / held / booked per row)",
  minArgs: 1,
  maxArgs: 1,
  async run({ session, out, options }, [showId]) {
    const [show, map] = await Promise.all([session.api.show(showId!), session.api.seats(showId!)]);
    if (options.json) {
      out.out(JSON.stringify({ show, seats: map }, null, 2));
      return;
    }
    for (const line of [...renderShow(show, out.colors), '', ...renderSeatMap(map, out.colors, out.width)]) out.out(line);
  },
};
