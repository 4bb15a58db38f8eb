import { getEventDetails, searchEvents } from '../db/queries/catalog-search.js';
import { getShowFacts, type ShowFacts } from '../db/queries/show-facts.js';
import { cityTimeZone } from './local-time.js';
import type { AnswerContext } from './types.js';
import { resolveWhen } from './when.js';

export type ShowRef =
  | { kind: 'ids'; shows: ShowFacts[] }
  | { kind: 'title'; title: string; eventId: string; shows: ShowFacts[] }
  /** Words that look like ids or a title were given, but nothing matched them. */
  | { kind: 'unknown'; asked: string }
  | { kind: 'none' };

/**
 * The shows a question names: by id first (`concert_2025`), else the event whose title best matches
 * the question's leftover words, with its next shows (in the question's city and day, if it gave them).
 */
export async function findShows(ctx: AnswerContext, opts: { limit: number }): Promise<ShowRef> {
  const { db, now, question } = ctx;
  const byId = await getShowFacts(db, question.idCandidates);
  if (byId.length > 0) return { kind: 'ids', shows: byId.slice(0, opts.limit) };
  if (question.topic.length === 0) {
    return question.idCandidates.length > 0 ? { kind: 'unknown', asked: question.idCandidates[0]! } : { kind: 'none' };
  }

  const q = question.topic.join(' ');
  const window = question.when ? resolveWhen(question.when, now, cityTimeZone(question.city)) : undefined;
  const { items } = await searchEvents(db, {
    now,
    q,
    city: question.city?.cityId,
    from: window?.from,
    to: window?.to,
    sort: 'relevance',
    page: 1,
    pageSize: 1,
  });
  const event = items[0];
  if (!event) return { kind: 'unknown', asked: question.idCandidates[0] ?? q };
  const details = await getEventDetails(db, event.eventId, { now, city: question.city?.cityId });
  const upcoming = (details?.shows ?? [])
    .filter((s) => s.state !== 'cancelled')
    .filter((s) => !window || (new Date(s.startsAt) >= window.from && new Date(s.startsAt) <= window.to))
    .slice(0, opts.limit)
    .map((s) => s.showId);
  return { kind: 'title', title: event.title, eventId: event.eventId, shows: await getShowFacts(db, upcoming) };
}
