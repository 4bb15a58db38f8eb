import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A third-party developer's key. Only its SHA-256 is kept; the key itself is shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    keyHash: text().notNull().unique(),
    /** The first characters of the key, so its owner can tell keys apart. */
    prefix: text().notNull(),
    name: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    quotaPerHour: integer().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_keys_user_idx').on(t.userId)],
);

/** Requests per key per hour window, counted in PostgreSQL so a quota holds across the cluster. */
export const apiKeyUsage = pgTable(
  'api_key_usage',
  {
    keyId: text().notNull(),
    windowStart: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.windowStart] })],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
