import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per (user, Idempotency-Key). Created before the work starts so a retry after a crash
 * reuses `resourceId` (the hold or payment id) instead of doing the work twice.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid().notNull(),
    key: text().notNull(),
    scope: text().notNull(),
    requestHash: text().notNull(),
    resourceId: text().notNull(),
    statusCode: integer(),
    response: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
