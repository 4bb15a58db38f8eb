import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './catalog.js';
import { users } from './users.js';

/** One review per user and event; eligibility (a confirmed booking for a started show) is checked on write. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => events.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    rating: integer().notNull(),
    text: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // Also the index the event's list and average read, by its leading column.
    uniqueIndex('reviews_event_user_key').on(t.eventId, t.userId),
    index('reviews_event_created_idx').on(t.eventId, t.createdAt),
    check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
  ],
);

export type ReviewRow = typeof reviews.$inferSelect;
