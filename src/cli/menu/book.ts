import type { CheckoutTerms, Hold, HoldRequest, SeatMap, ShowDetails } from '../api/types.js';
import { ApiProblem, describeError } from '../errors.js';
import { bestAvailable, cardPayment, testCardNumber } from '../ops/booking.js';
import { formatMoney, formatRemaining } from '../render/format.js';
import { renderSeatMap } from '../render/seat-map.js';
import { renderQuote } from '../render/commerce.js';
import { renderBooking, renderHold } from '../render/views.js';
import { ensureLoggedIn } from './account.js';
import { print, type MenuContext } from './context.js';
import type { Choice } from './prompter.js';

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

type PayChoice = 'card' | 'promo' | 'no-promo' | 'points' | 'no-points' | 'release';

// Confirm refused the terms or the total: nothing was charged, and a fresh quote says what is due now.
const termsRefused = new Set(['quote_changed', 'promo_invalid', 'promo_exhausted', 'insufficient_points']);

function payChoices(terms: CheckoutTerms, points: number): Choice<PayChoice>[] {
  return [
    { name: 'Pay by card', value: 'card' },
    terms.promoCode
      ? { name: `Remove the promo code ${terms.promoCode}`, value: 'no-promo' }
      : { name: 'Apply a promo code', value: 'promo', description: 'demo codes: WELCOME10, CLASSIC5, PREMIUM20' },
    ...(terms.points
      ? [{ name: 'Stop using my points', value: 'no-points' as const }]
      : points > 0
        ? [{ name: `Use my points (${points}, 1 point = 0.01 off)`, value: 'points' as const }]
        : []),
    { name: 'Release the hold', value: 'release' },
  ];
}

/**
 * The quote, then pay it, change the promo code or points (a new quote each time), or let the seats
 * go. Paying sends the quoted total, so the card is never charged anything else.
 */
async function payOrRelease(ctx: MenuContext, show: ShowDetails, hold: Hold): Promise<void> {
  const { api } = ctx.session;
  const points = await api.loyalty().then((l) => l.points, () => 0);
  let terms: CheckoutTerms = {};
  let quote = await api.quote(show.showId, hold.holdId, terms);
  const requote = async (next: CheckoutTerms): Promise<void> => {
    try {
      quote = await api.quote(show.showId, hold.holdId, next);
      terms = quote.promo ? { ...next, promoCode: quote.promo.code } : next;
    } catch (err) {
      if (!(err instanceof ApiProblem && termsRefused.has(err.code))) throw err;
      ctx.out.out(ctx.out.colors.red(describeError(err)));
    }
  };
  for (;;) {
    print(ctx, renderQuote(quote, ctx.out.colors));
    const left = formatRemaining(hold.expiresAt, ctx.now().getTime());
    const choice = await ctx.prompter.select<PayChoice>(
      `Pay ${formatMoney(quote.total)}? (hold: ${left} left)`,
      payChoices(terms, points),
    );
    switch (choice) {
      case 'release':
        await api.releaseHold(show.showId, hold.holdId);
        ctx.out.out('Released; the seats are free again.');
        return;
      case 'promo': {
        const code = await ctx.prompter.input('Promo code (empty for none)');
        if (code) await requote({ ...terms, promoCode: code });
        continue;
      }
      case 'no-promo':
        await requote(without(terms, 'promoCode'));
        continue;
      case 'points':
        await requote({ ...terms, points });
        continue;
      case 'no-points':
        await requote(without(terms, 'points'));
        continue;
      case 'card':
        break;
    }
    const cardNumber = await ctx.prompter.input('Card number', {
      default: testCardNumber,
      validate: (v) => (/^[\d\s-]{12,23}$/.test(v) ? true : 'Type 12 to 19 digits'),
    });
    try {
      const booking = await api.confirm(show.showId, hold.holdId, cardPayment(cardNumber, ctx.now()), {
        ...terms,
        expectedTotal: quote.total,
      });
      ctx.out.out(ctx.out.colors.green(`Booked! Enjoy ${show.title}.`));
      print(ctx, renderBooking(booking, ctx.out.colors, { title: show.title, baseUrl: ctx.session.url }));
      return;
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      if (termsRefused.has(err.code)) {
        ctx.out.out(ctx.out.colors.red(`${describeError(err)}\nNothing was charged; here is the price now.`));
        const next =
          err.code === 'promo_invalid' || err.code === 'promo_exhausted'
            ? without(terms, 'promoCode')
            : err.code === 'insufficient_points'
              ? without(terms, 'points')
              : terms;
        await requote(next);
        continue;
      }
      // A declined card keeps the hold: the person may try another card before it expires.
      if (err.code !== 'payment_declined') throw err;
      ctx.out.out(ctx.out.colors.red(describeError(err)));
    }
  }
}

function without(terms: CheckoutTerms, key: keyof CheckoutTerms): CheckoutTerms {
  const next = { ...terms };
  delete next[key];
  return next;
}
