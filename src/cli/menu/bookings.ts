import { showTitles } from '../ops/show-titles.js';
import { formatMoney, formatSeats, formatTime } from '../render/format.js';
import { quoteSentence, renderCancellationQuote } from '../render/holds.js';
import { renderBookingList, renderCancellation } from '../render/views.js';
import { ensureLoggedIn } from './account.js';
import { print, type MenuContext } from './context.js';

export async function showBookings(ctx: MenuContext): Promise<void> {
  if (!(await ensureLoggedIn(ctx))) return;
  const { items } = await ctx.session.api.bookings();
  print(ctx, renderBookingList(items, ctx.out.colors, await showTitles(ctx.session.api, items.map((b) => b.showId))));
}

/** Pick one of your confirmed bookings, confirm, cancel, and show what comes back. */
export async function cancelBooking(ctx: MenuContext): Promise<void> {
  if (!(await ensureLoggedIn(ctx))) return;
  const { items } = await ctx.session.api.bookings();
  const live = items.filter((b) => b.status === 'confirmed');
  if (live.length === 0) {
    ctx.out.out('You have no bookings to cancel.');
    return;
  }
  const titles = await showTitles(ctx.session.api, live.map((b) => b.showId));
  const bookingId = await ctx.prompter.select<string | undefined>('Cancel which booking?', [
    ...live.map((b) => ({
      name: `${titles.get(b.showId) ?? b.showId} · ${formatSeats(b)} · ${formatMoney(b.total)} · booked ${formatTime(b.createdAt)}`,
      value: b.bookingId,
      description: b.bookingId,
    })),
    { name: 'Back', value: undefined },
  ]);
  if (!bookingId) return;
  const quote = await ctx.session.api.cancellationQuote(bookingId);
  const [, after] = renderCancellationQuote(quote);
  const sure = await ctx.prompter.confirm(`Cancel it? ${quoteSentence(quote)} ${after}`, { default: false });
  if (!sure) return;
  const result = await ctx.session.api.cancelBooking(bookingId);
  print(ctx, renderCancellation(result, ctx.out.colors));
}
