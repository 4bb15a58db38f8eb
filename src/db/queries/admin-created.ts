import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { events, halls, shows, venues } from '../schema/catalog.js';

/*
 * What an admin create answered, read back by the id it was given. A repeated request with the same
 * Idempotency-Key whose first attempt has not stored its answer (still running, or crashed after
 * the insert) answers with these instead of creating a second venue, event or show.
 */

export async function createdVenue(
  db: Executor,
  venueId: string,
): Promise<{ venueId: string; timeZone: string; halls: { hallId: string; name: string; capacity: number }[] } | null> {
  const rows = await db
    .select({ hallId: halls.id, name: halls.name, capacity: halls.capacity, timeZone: venues.timeZone })
    .from(halls)
    .innerJoin(venues, eq(venues.id, halls.venueId))
    .where(eq(halls.venueId, venueId))
    .orderBy(asc(halls.name));
  const first = rows[0];
  return first === undefined
    ? null
    : { venueId, timeZone: first.timeZone, halls: rows.map(({ timeZone: _zone, ...hall }) => hall) };
}

export async function createdEvent(db: Executor, eventId: string): Promise<{ eventId: string } | null> {
  const [row] = await db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
  return row ? { eventId: row.id } : null;
}

export async function createdShow(db: Executor, showId: string): Promise<{ showId: string } | null> {
  const [row] = await db.select({ id: shows.id }).from(shows).where(eq(shows.id, showId));
  return row ? { showId: row.id } : null;
}
