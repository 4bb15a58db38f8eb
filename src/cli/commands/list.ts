import { NeedsActionError } from '../errors.js';
import { noCatalogMessage, upcomingShows } from '../ops/catalog.js';
import { renderShowRows } from '../render/views.js';
import type { Command } from './command.js';

export const listCommand: Command = {
  name: 'list',
  usage: 'list [--city NAME] [--category KIND] [--q TEXT]',
  summary: 'upcoming shows (the next 10 events and their show times)',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    const result = await upcomingShows(session.api, { city: options.city, category: options.category, q: options.q });
    if (result.kind === 'no_catalog') throw new NeedsActionError(noCatalogMessage);
    if (options.json) {
      out.out(JSON.stringify(result.rows, null, 2));
      return;
    }
    if (result.rows.length === 0) {
      out.out('No upcoming shows.');
      return;
    }
    for (const line of renderShowRows(result.rows, out.colors)) out.out(line);
    const more = result.total > result.events.length ? ` (${result.total} events match; narrow with --city, --category or --q)` : '';
    const shows = `${result.rows.length} show${result.rows.length === 1 ? '' : 's'}`;
    out.err(out.colors.dim(`\n${shows}${more}. Book with: showtime book <showId> <count>`));
  },
};
