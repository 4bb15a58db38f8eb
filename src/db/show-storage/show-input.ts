import { eq } from 'drizzle-orm';
import type { DefaultRules } from '../../actors/runtime/storage.js';
import type { ShowInput, ShowRules } from '../../actors/show/types.js';
import type { Executor } from '../client.js';
import { events, halls, shows } from '../schema/index.js';

/**
 * Builds the machine input of a show from its catalog rows. Only used the first time a show's
 * actor is created: after that the input lives in the show's snapshot, so a changed default
 * never rewrites the deadlines of holds already placed.
 */
export async function loadShowInput(db: Executor, showId: string, defaults: DefaultRules): Promise<ShowInput | null> {
  const rows = await db
    .select({ show: shows, layout: halls.layout, category: events.category })
    .from(shows)
    .innerJoin(halls, eq(halls.id, shows.hallId))
    .innerJoin(events, eq(events.id, shows.eventId))
    .where(eq(shows.id, showId))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const { show, layout, category } = row;
  const bestRows = layout.bestRows ?? (category === 'movie' ? 'middle' : 'front');
  const rules: ShowRules = {
    maxSeatsPerOrder: defaults.maxSeatsPerOrder,
    maxSeatsPerCustomer: defaults.maxSeatsPerCustomer,
    holdTtlMs: (show.holdTtlSeconds ?? defaults.holdTtlSeconds) * 1000,
    holdGraceMs: defaults.holdGraceSeconds * 1000,
    offerTtlMs: defaults.offerTtlSeconds * 1000,
    waitlistMaxWaitMs: defaults.waitlistMaxWaitSeconds * 1000,
    paymentBoundMs: defaults.paymentBoundSeconds * 1000,
  };
  const categories = [...show.prices].sort((a, b) => b.price - a.price);
  return {
    showId,
    layout: {
      sections: layout.sections,
      categories,
      currency: show.currency,
      // A hall says which rows are best; unsaid, a film's audience prefers the middle of the hall.
      // `front` stays unsaid, so other shows' inputs (and snapshots) are as they always were.
      ...(bestRows === 'middle' ? { bestRows } : {}),
    },
    rules,
    createdAt: show.createdAt.getTime(),
    salesOpenAt: show.salesOpenAt?.getTime() ?? null,
    salesCloseAt: show.salesCloseAt?.getTime() ?? null,
  };
}
