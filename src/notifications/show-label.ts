import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { events, halls, shows, venues } from '../db/schema/index.js';
import type { ShowLabel } from './messages.js';

/** The show's event title, start and venue, for a message; null when the fact names no known show. */
export async function showLabel(db: Executor, showId: string | null): Promise<ShowLabel | null> {
  if (!showId) return null;
  const rows = await db
    .select({ title: events.title, startsAt: shows.startsAt, venue: venues.name })
    .from(shows)
    .innerJoin(events, eq(events.id, shows.eventId))
    .innerJoin(halls, eq(halls.id, shows.hallId))
    .innerJoin(venues, eq(venues.id, halls.venueId))
    .where(eq(shows.id, showId))
    .limit(1);
  return rows[0] ?? null;
}
