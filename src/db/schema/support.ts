import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bookings } from './bookings.js';
import { users } from './users.js';

export type SupportStatus = 'open' | 'answered';

/** A question a user sent to support, and the one answer an admin gave it. */
export const supportQuestions = pgTable(
  'support_questions',
  {
    id: uuid().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    bookingId: text().references(() => bookings.id),
    subject: text().notNull(),
    message: text().notNull(),
    status: text().$type<SupportStatus>().notNull().default('open'),
    answer: text(),
    answeredAt: timestamp({ withTimezone: true, mode: 'date' }),
    answeredBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('support_questions_user_idx').on(t.userId, t.createdAt),
    index('support_questions_status_idx').on(t.status, t.createdAt),
  ],
);

/**
 * Who changed what through the admin API. The identity id orders entries by insertion, so "newest
 * first" stays exact when two entries share a timestamp.
 */
export const adminAuditLog = pgTable(
  'admin_audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    adminUserId: uuid()
      .notNull()
      .references(() => users.id),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('admin_audit_log_action_idx').on(t.action, t.id)],
);

export type SupportQuestionRow = typeof supportQuestions.$inferSelect;
export type AdminAuditRow = typeof adminAuditLog.$inferSelect;
