import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { BestRows, CategoryDef, SectionDef } from '../../actors/show/types.js';
import type { CancellationPolicy } from '../../policies/cancellation.js';

/**
 * Accented Latin letters and their plain forms, one to one, upper case included: a database with the C
 * locale lowercases ASCII only. Folding both the indexed text and the query makes "moliere" find
 * "Molière" without the unaccent extension, which a managed PostgreSQL may not offer.
 */
export const SEARCH_FOLD_FROM =
  'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďÈÉÊËèéêëĒēĖėĘęĚěÌÍÎÏìíîïĪīĮįŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŔŕŘřŚśŠšŞşŤťÙÚÛÜùúûüŪūŮůŰűŲųÝýÿŸŹźŻżŽž';
export const SEARCH_FOLD_TO =
  'aaaaaaaaaaaaaaaaaaccccccddeeeeeeeeeeeeeeeeiiiiiiiiiiiillnnnnnnoooooooooooooooorrrrssssssttuuuuuuuuuuuuuuuuyyyyzzzzzz';

/**
 * A text's search vector: English stems of the words as written (so "symphonies" finds "symphony"),
 * plus the folded words unstemmed ('simple'), because the catalog mixes languages and a stemmed
 * prefix can miss an unstemmed word. Queries must build the very same expression, or PostgreSQL
 * cannot use the GIN index; that is also why the fold strings are literals and not parameters.
 */
export function searchVector(text: SQLWrapper, weight?: 'A' | 'B' | 'C' | 'D'): SQL {
  const plain = sql`coalesce(${text}, '')`;
  const vector = sql`to_tsvector('english'::regconfig, ${plain}) || to_tsvector('simple'::regconfig, ${foldSql(plain)})`;
  return weight ? sql`setweight(${vector}, ${sql.raw(`'${weight}'`)})` : vector;
}

/** The SQL twin of the query side's fold: lower case, accents off. */
export function foldSql(text: SQLWrapper): SQL {
  return sql`translate(lower(${text}), ${sql.raw(`'${SEARCH_FOLD_FROM}'`)}, ${sql.raw(`'${SEARCH_FOLD_TO}'`)})`;
}

/** What an event's own text contributes to search; venue names are joined in at query time. */
export function eventSearchDocument(t: {
  title: SQLWrapper;
  performers: SQLWrapper;
  genre: SQLWrapper;
  description: SQLWrapper;
}): SQL {
  return sql`${searchVector(t.title, 'A')} || ${searchVector(sql`${t.performers}::text`, 'B')} || ${searchVector(t.genre, 'C')} || ${searchVector(t.description, 'D')}`;
}

/**
 * The words a misspelt query is compared with (pg_trgm): title, performers and genre, folded like the
 * search vector. Queries must build the same expression to use its trigram index.
 */
export function eventSpellingText(t: { title: SQLWrapper; performers: SQLWrapper; genre: SQLWrapper }): SQL {
  return foldSql(sql`${t.title} || ' ' || ${t.performers}::text || ' ' || coalesce(${t.genre}, '')`);
}

/**
 * A postal code as it is compared: upper case, no spaces, so "se1 9je" and "SE19JE" find "SE1 9JE".
 * Queries must build the same expression to use its index.
 */
export function postalKeySql(code: SQLWrapper): SQL {
  return sql`upper(replace(${code}, ' ', ''))`;
}

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
    postalCode: text().notNull().default(''),
    /** IANA zone (`Europe/Berlin`): show times are set and shown on this clock, whoever looks. */
    timeZone: text().notNull().default('UTC'),
    /** WGS 84 degrees; both or neither. A venue without them is never "near" anything. */
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    /** Removed venues stay for the history of their shows but leave the catalog. */
    deletedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('venues_city_idx').on(t.cityId),
    index('venues_search_idx').using('gin', sql`(${searchVector(t.name)})`),
    // The bounding box of a near-me search is a range on latitude; longitude is checked in the same scan.
    index('venues_location_idx').on(t.latitude, t.longitude),
    index('venues_postal_code_idx').using('btree', sql`${postalKeySql(t.postalCode)} text_pattern_ops`),
    check(
      'venues_location_check',
      sql`(${t.latitude} is null) = (${t.longitude} is null) and ${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180`,
    ),
  ],
);

export interface HallLayout {
  sections: SectionDef[];
  /** Unset: `middle` for a film's shows (a cinema's audience sits mid-hall), `front` otherwise. */
  bestRows?: BestRows;
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
    /** Age or content rating label (e.g. "PG-13"); review scores are in the reviews table. */
    rating: text(),
    performers: jsonb().$type<string[]>().notNull().default([]),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    deletedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('events_category_idx').on(t.category),
    index('events_search_idx').using('gin', sql`(${eventSearchDocument(t)})`),
    index('events_spelling_idx').using('gin', sql`${eventSpellingText(t)} gin_trgm_ops`),
  ],
);

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
    /** Service fee per ticket, minor units of `currency`, added to the quote. */
    feePerTicket: integer().notNull().default(0),
    deletedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('shows_event_idx').on(t.eventId), index('shows_starts_idx').on(t.startsAt)],
);

export type CityRow = typeof cities.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type HallRow = typeof halls.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type ShowRow = typeof shows.$inferSelect;
