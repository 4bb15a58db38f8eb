import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CategoryDef, SectionDef } from '../../actors/show/types.js';

export const cities = pgTable('cities', {
  id: text().primaryKey(),
  name: text().notNull(),
});

export const venues = pgTable(
  'venues',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    cityId: text()
      .notNull()
      .references(() => cities.id),
    address: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('venues_city_idx').on(t.cityId)],
);

export interface HallLayout {
  sections: SectionDef[];
}

export const halls = pgTable(
  'halls',
  {
    id: text().primaryKey(),
    venueId: text()
      .notNull()
      .references(() => venues.id),
    name: text().notNull(),
    layout: jsonb().$type<HallLayout>().notNull(),
    capacity: integer().notNull(),
  },
  (t) => [index('halls_venue_idx').on(t.venueId)],
);

export const eventCategories = ['movie', 'concert', 'theatre', 'sports', 'train', 'other'] as const;
export type EventCategory = (typeof eventCategories)[number];

export const events = pgTable(
  'events',
  {
    id: text().primaryKey(),
    title: text().notNull(),
    category: text({ enum: eventCategories }).notNull(),
    description: text().notNull().default(''),
    genre: text(),
    language: text(),
    durationMinutes: integer(),
    /** Age or content rating label (e.g. "PG-13"); review scores come later. */
    rating: text(),
    performers: jsonb().$type<string[]>().notNull().default([]),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('events_category_idx').on(t.category)],
);

/** Refund share (percent) by how long before the show a booking is cancelled. */
export interface CancellationPolicy {
  /** Sorted by hoursBefore descending: the first rule whose hoursBefore is met applies. */
  rules: { hoursBefore: number; refundPercent: number }[];
}

export const shows = pgTable(
  'shows',
  {
    id: text().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => events.id),
    hallId: text()
      .notNull()
      .references(() => halls.id),
    startsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    currency: text().notNull(),
    prices: jsonb().$type<CategoryDef[]>().notNull(),
    salesOpenAt: timestamp({ withTimezone: true, mode: 'date' }),
    salesCloseAt: timestamp({ withTimezone: true, mode: 'date' }),
    holdTtlSeconds: integer(),
    cancellationPolicy: jsonb().$type<CancellationPolicy>().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('shows_event_idx').on(t.eventId), index('shows_starts_idx').on(t.startsAt)],
);

export type CityRow = typeof cities.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type HallRow = typeof halls.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type ShowRow = typeof shows.$inferSelect;
