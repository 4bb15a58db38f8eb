import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per (user, Idempotency-Key). Created before the work starts so a retry after a crash
 * reuses `resourceId` (the hold or payment id) instead of doing the work twice. Rows are kept for
 * IDEMPOTENCY_RETENTION_HOURS and then pruned (by `created_at`).
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
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
