import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The built-in test gateway's own ledger. A real gateway keeps this on its side; ours keeps it in
 * PostgreSQL so that look-up by idempotency key survives a crash like a real one would.
 */
export const gatewayTransactions = pgTable('gateway_transactions', {
  id: text().primaryKey(),
  idempotencyKey: text().notNull().unique(),
  kind: text({ enum: ['charge', 'refund'] }).notNull(),
  amount: integer().notNull(),
  currency: text().notNull(),
  status: text({ enum: ['succeeded', 'declined'] }).notNull(),
  method: text().notNull(),
  chargeRef: text(),
  declineReason: text(),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
