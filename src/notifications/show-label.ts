import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { OutboxRow } from '../db/schema/index.js';
import { events, halls, shows, venues } from '../db/schema/index.js';
import type { ShowLabel } from './messages.js';

/**
 * The event title, start and venue of every show a batch of facts names, in one query; a fact whose
 * show is missing (or names none) has no entry. One label object per show, so rendering can reuse
 * what it formatted for it.
 */
export async function showLabels(db: Executor, facts: readonly OutboxRow[]): Promise<Map<string, ShowLabel>> {
  const ids = [...new Set(facts.flatMap((f) => (f.showId ? [f.showId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: shows.id,
      title: events.title,
      startsAt: shows.startsAt,
      venue: venues.name,
      timeZone: venues.timeZone,
    })
    .from(shows)
    .innerJoin(events, eq(events.id, shows.eventId))
    .innerJoin(halls, eq(halls.id, shows.hallId))
    .innerJoin(venues, eq(venues.id, halls.venueId))
    .where(inArray(shows.id, ids));
  return new Map(rows.map(({ id, ...label }) => [id, label]));
}

export const labelOf = (labels: Map<string, ShowLabel>, fact: OutboxRow): ShowLabel | null =>
  (fact.showId && labels.get(fact.showId)) || null;
