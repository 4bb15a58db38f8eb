import type { Hold, HoldRequest, SeatMap, ShowDetails } from '../api/types.js';
import { ApiProblem, describeError } from '../errors.js';
import { bestAvailable, cardPayment, testCardNumber } from '../ops/booking.js';
import { formatMoney, formatRemaining } from '../render/format.js';
import { renderSeatMap } from '../render/seat-map.js';
import { renderBooking, renderHold } from '../render/views.js';
import { ensureLoggedIn } from './account.js';
import { print, type MenuContext } from './context.js';

type How = 'best' | 'pick' | 'back';

/** Hold seats of one show (best N or named seats), then pay for them or let them go. */
export async function bookShow(ctx: MenuContext, showId: string): Promise<void> {
  if (!(await ensureLoggedIn(ctx))) return;
  const [show, map] = await Promise.all([ctx.session.api.show(showId), ctx.session.api.seats(showId)]);
  ctx.lastShowId = show.showId;
  const reservedFree = map.seats.some((s) => s.status === 'available');
  const how = await ctx.prompter.select<How>(`Book ${show.title}: which seats?`, [
    { name: 'Best available', value: 'best', description: 'adjacent seats in the best row, or standing places' },
    ...(reservedFree ? [{ name: 'Choose seats', value: 'pick' as const, description: 'type seat ids such as A-1 A-2' }] : []),
    { name: 'Back', value: 'back' },
  ]);
  if (how === 'back') return;
  const request = how === 'best' ? await askBestAvailable(ctx, show) : await askSeats(ctx, map);
  const hold = await ctx.session.api.hold(show.showId, request);
  ctx.out.out(ctx.out.colors.green('Held:'));
  print(ctx, renderHold(hold, ctx.out.colors, ctx.now().getTime()));
  await payOrRelease(ctx, show, hold);
}

async function askBestAvailable(ctx: MenuContext, show: ShowDetails): Promise<HoldRequest> {
  const quantity = Number(
    await ctx.prompter.input('How many seats?', {
      default: '2',
      validate: (v) => (/^\d+$/.test(v) && Number(v) >= 1 ? true : 'Type a whole number, 1 or more'),
    }),
  );
  if (show.categories.length < 2) return bestAvailable(quantity);
  const category = await ctx.prompter.select<string | undefined>('Which category?', [
    { name: 'Any (best first)', value: undefined },
    ...show.categories.map((c) => ({
      name: `${c.category} · ${formatMoney(c.price)} · ${c.available} free`,
      value: c.category,
    })),
  ]);
  return bestAvailable(quantity, { category });
}

async function askSeats(ctx: MenuContext, map: SeatMap): Promise<HoldRequest> {
  print(ctx, renderSeatMap(map, ctx.out.colors, ctx.out.width));
  const byId = new Map(map.seats.map((s) => [s.seatId.toUpperCase(), s]));
  const answer = await ctx.prompter.input('Seat ids (e.g. A-1 A-2)', {
    validate: (v) => {
      const ids = splitSeats(v);
      if (ids.length === 0) return 'Type one or more seat ids';
      const unknown = ids.filter((id) => !byId.has(id.toUpperCase()));
      if (unknown.length > 0) return `No such seat: ${unknown.join(', ')}`;
      const taken = ids.filter((id) => byId.get(id.toUpperCase())?.status !== 'available');
      if (taken.length > 0) return `Not available: ${taken.join(', ')}`;
      return true;
    },
  });
  return { seats: splitSeats(answer).map((id) => byId.get(id.toUpperCase())!.seatId) };
}

function splitSeats(v: string): string[] {
  return v.split(/[\s,]+/).filter(Boolean);
}

type PayChoice = 'card' | 'release';

async function payOrRelease(ctx: MenuContext, show: ShowDetails, hold: Hold): Promise<void> {
  for (;;) {
    const left = formatRemaining(hold.expiresAt, ctx.now().getTime());
    const choice = await ctx.prompter.select<PayChoice>(`Pay ${formatMoney(hold.total)}? (hold: ${left} left)`, [
      { name: 'Pay by card', value: 'card' },
      { name: 'Release the hold', value: 'release' },
    ]);
    if (choice === 'release') {
      await ctx.session.api.releaseHold(show.showId, hold.holdId);
      ctx.out.out('Released; the seats are free again.');
      return;
    }
    const cardNumber = await ctx.prompter.input('Card number', {
      default: testCardNumber,
      validate: (v) => (/^[\d\s-]{12,23}$/.test(v) ? true : 'Type 12 to 19 digits'),
    });
    try {
      const booking = await ctx.session.api.confirm(show.showId, hold.holdId, cardPayment(cardNumber, ctx.now()));
      ctx.out.out(ctx.out.colors.green(`Booked! Enjoy ${show.title}.`));
      print(ctx, renderBooking(booking, ctx.out.colors, { title: show.title, baseUrl: ctx.session.url }));
      return;
    } catch (err) {
      // A declined card keeps the hold: the person may try another card before it expires.
      if (!(err instanceof ApiProblem && err.code === 'payment_declined')) throw err;
      ctx.out.out(ctx.out.colors.red(describeError(err)));
    }
  }
}
