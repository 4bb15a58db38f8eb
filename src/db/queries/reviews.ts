import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { bookings } from '../schema/bookings.js';
import { events, shows } from '../schema/catalog.js';
import { reviews } from '../schema/reviews.js';
import { users } from '../schema/users.js';

export interface ReviewView {
  reviewId: string;
  userName: string;
  rating: number;
  text: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewInput {
  eventId: string;
  userId: string;
  rating: number;
  text: string | null;
}

export type CreateReviewResult =
  | { ok: true; review: ReviewView }
  | { ok: false; code: 'not_found' | 'not_eligible' | 'already_reviewed' };

export interface ReviewPage {
  items: ReviewView[];
  total: number;
  /** Mean rating rounded to one decimal; null while the event has no review. */
  average: number | null;
  count: number;
}

const viewColumns = {
  reviewId: reviews.id,
  userName: users.name,
  rating: reviews.rating,
  text: reviews.text,
  createdAt: reviews.createdAt,
  updatedAt: reviews.updatedAt,
};

type ViewRow = { reviewId: string; userName: string; rating: number; text: string | null; createdAt: Date; updatedAt: Date };

function toView(r: ViewRow): ReviewView {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export async function eventExists(db: Executor, eventId: string): Promise<boolean> {
  const [row] = await db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
  return row !== undefined;
}

/** Whether the user kept (did not cancel) a booking for a show of the event that has started by `now`. */
export async function mayReview(db: Executor, eventId: string, userId: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(shows, eq(shows.id, bookings.showId))
    .where(
      and(
        eq(shows.eventId, eventId),
        eq(bookings.userId, userId),
        eq(bookings.status, 'confirmed'),
        sql`${shows.startsAt} <= ${now.toISOString()}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

async function readReview(db: Executor, eventId: string, userId: string): Promise<ReviewView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.userId))
    .where(and(eq(reviews.eventId, eventId), eq(reviews.userId, userId)));
  return row ? toView(row) : null;
}

/** The unique (event, user) index decides "once", so two concurrent first reviews cannot both land. */
export async function createReview(db: Executor, input: ReviewInput, now: Date): Promise<CreateReviewResult> {
  if (!(await eventExists(db, input.eventId))) return { ok: false, code: 'not_found' };
  if (!(await mayReview(db, input.eventId, input.userId, now))) return { ok: false, code: 'not_eligible' };
  const inserted = await db
    .insert(reviews)
    .values({ id: randomUUID(), ...input, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [reviews.eventId, reviews.userId] })
    .returning({ id: reviews.id });
  if (inserted.length === 0) return { ok: false, code: 'already_reviewed' };
  const review = await readReview(db, input.eventId, input.userId);
  if (!review) throw new Error(`review of ${input.eventId} by ${input.userId} vanished after its insert`);
  return { ok: true, review };
}

/** Replaces the user's rating and text; null when they have no review of the event. */
export async function updateReview(db: Executor, input: ReviewInput, now: Date): Promise<ReviewView | null> {
  const updated = await db
    .update(reviews)
    .set({ rating: input.rating, text: input.text, updatedAt: now })
    .where(and(eq(reviews.eventId, input.eventId), eq(reviews.userId, input.userId)))
    .returning({ id: reviews.id });
  if (updated.length === 0) return null;
  return readReview(db, input.eventId, input.userId);
}

export async function deleteReview(db: Executor, eventId: string, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(reviews)
    .where(and(eq(reviews.eventId, eventId), eq(reviews.userId, userId)))
    .returning({ id: reviews.id });
  return deleted.length > 0;
}

/** One page of an event's reviews, newest first, with the event's average and count over all of them. */
export async function listReviews(
  db: Executor,
  eventId: string,
  opts: { page: number; pageSize: number },
): Promise<ReviewPage> {
  const [summary] = await db
    .select({
      count: sql<number>`count(*)::int`,
      average: sql<number | null>`round(avg(${reviews.rating}), 1)::float8`,
    })
    .from(reviews)
    .where(eq(reviews.eventId, eventId));
  const rows = await db
    .select(viewColumns)
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.userId))
    .where(eq(reviews.eventId, eventId))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const count = summary?.count ?? 0;
  return { items: rows.map(toView), total: count, average: summary?.average ?? null, count };
}
