import { NeedsActionError, UsageError } from '../errors.js';
import type { CliOptions } from '../args.js';
import type { CatalogFilters } from '../ops/catalog.js';
import { noCatalogMessage, upcomingShows } from '../ops/catalog.js';
import { renderShowRows } from '../render/views.js';
import type { Command } from './command.js';

export const listCommand: Command = {
  name: 'list',
  usage:
    'list [--city NAME] [--category KIND] [--q TEXT] [--near LAT,LNG [--radius KM]] [--postal-code CODE] ' +
    '[--from DATE] [--to DATE] [--sort KEYS]',
  summary: 'upcoming shows (the next 10 events and their show times; --near adds a Km column)',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    const result = await upcomingShows(session.api, listFilters(options));
    if (result.kind === 'no_catalog') throw new NeedsActionError(noCatalogMessage);
    if (result.didYouMean) out.err(`Did you mean "${result.didYouMean}"? showtime list --q "${result.didYouMean}"`);
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

/** The list options as API filters; what the API would refuse for its form is refused here with the option's name. */
export function listFilters(options: CliOptions): CatalogFilters {
  if (options.near !== undefined && !/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/.test(options.near)) {
    throw new UsageError(`--near must be <latitude>,<longitude>, for example 52.52,13.405; got "${options.near}"`);
  }
  if (options.radius !== undefined && options.near === undefined) throw new UsageError('--radius needs --near');
  const radiusKm = options.radius === undefined ? undefined : Number(options.radius);
  if (radiusKm !== undefined && !(radiusKm > 0)) {
    throw new UsageError(`--radius must be a number of km above 0, got "${options.radius}"`);
  }
  const sort = options.sort ?? (options.near !== undefined ? 'distance,asc' : undefined);
  return {
    city: options.city,
    category: options.category,
    q: options.q,
    near: options.near?.replace(/\s+/g, ''),
    radiusKm,
    postalCode: options.postalCode,
    from: options.from,
    to: options.to,
    sort,
  };
}
