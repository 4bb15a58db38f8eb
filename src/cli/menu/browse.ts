import { cityList } from '../ops/catalog.js';
import { renderSeatMap } from '../render/seat-map.js';
import { renderShow } from '../render/views.js';
import { bookShow } from './book.js';
import { print, type MenuContext } from './context.js';
import { pickShow } from './pick-show.js';

/** Narrow by city and keyword, pick a show, then look at it or book it. */
export async function browse(ctx: MenuContext): Promise<void> {
  const cities = await cityList(ctx.session.api);
  let city: string | undefined;
  if (cities && cities.length > 0) {
    city = await ctx.prompter.select<string | undefined>('Which city?', [
      { name: 'All cities', value: undefined },
      ...cities.map((c) => ({ name: c.name, value: c.cityId })),
    ]);
  }
  const q = await ctx.prompter.input('Search (title, venue, performer; empty for all)');
  const showId = await pickShow(ctx, { city, q: q || undefined });
  if (showId) await showActions(ctx, showId);
}

export async function checkSeats(ctx: MenuContext): Promise<void> {
  const showId = await pickShow(ctx);
  if (showId) await showSeats(ctx, showId);
}

async function showSeats(ctx: MenuContext, showId: string): Promise<void> {
  const [show, map] = await Promise.all([ctx.session.api.show(showId), ctx.session.api.seats(showId)]);
  ctx.lastShowId = show.showId;
  print(ctx, [...renderShow(show, ctx.out.colors), '', ...renderSeatMap(map, ctx.out.colors, ctx.out.width)]);
}

async function showActions(ctx: MenuContext, showId: string): Promise<void> {
  const show = await ctx.session.api.show(showId);
  ctx.lastShowId = show.showId;
  print(ctx, renderShow(show, ctx.out.colors));
  for (;;) {
    const next = await ctx.prompter.select(`${show.title}:`, [
      { name: 'See the seat map', value: 'seats' as const },
      { name: 'Book tickets', value: 'book' as const },
      { name: 'Back', value: 'back' as const },
    ]);
    if (next === 'back') return;
    if (next === 'seats') await showSeats(ctx, show.showId);
    else return bookShow(ctx, show.showId);
  }
}
