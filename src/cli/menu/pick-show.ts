import { formatTime, nameOf } from '../render/format.js';
import { upcomingShows } from '../ops/catalog.js';
import type { MenuContext } from './context.js';
import type { Choice } from './prompter.js';

const enterId = Symbol('enter id');
const back = Symbol('back');

export async function askShowId(ctx: MenuContext): Promise<string> {
  return ctx.prompter.input('Show id', {
    default: ctx.lastShowId,
    validate: (v) => (v ? true : 'Type a show id, for example concert_2025'),
  });
}

/**
 * A show from the upcoming list, or typed by id. On a server without the catalog listing it goes
 * straight to the id, after saying why.
 */
export async function pickShow(ctx: MenuContext, filters: { city?: string; q?: string } = {}): Promise<string | undefined> {
  const result = await upcomingShows(ctx.session.api, filters);
  if (result.kind === 'no_catalog') {
    ctx.out.out(
      ctx.out.colors.yellow(
        'This server does not list events yet (GET /api/events answered 404); type a show id instead, for example concert_2025.',
      ),
    );
    return askShowId(ctx);
  }
  if (result.rows.length === 0) ctx.out.out('No upcoming shows match.');
  const choices: Choice<string | typeof enterId | typeof back>[] = [];
  if (ctx.lastShowId) choices.push({ name: `Last show: ${ctx.lastShowId}`, value: ctx.lastShowId });
  for (const { event, show } of result.rows) {
    const where = [nameOf(show.venue), nameOf(show.city)].filter(Boolean).join(', ');
    const free = show.availableSeats == null ? '' : ` · ${show.availableSeats} free`;
    choices.push({
      name: `${formatTime(show.startsAt, show.timeZone)}  ${event.title}${where ? ` · ${where}` : ''}${free}`,
      value: show.showId,
      description: show.showId,
    });
  }
  choices.push({ name: 'Enter a show id', value: enterId }, { name: 'Back', value: back });
  const picked = await ctx.prompter.select('Which show?', choices);
  if (picked === back) return undefined;
  if (picked === enterId) return askShowId(ctx);
  return picked;
}
