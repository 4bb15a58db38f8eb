import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export type OutboxTopic =
  | 'booking.confirmed'
  | 'booking.cancelled'
  | 'refund.succeeded'
  | 'waitlist.offered'
  | 'hold.expiring'
  | 'show.cancelled'
  | 'show.updated';

/**
 * Facts about an account itself (the email verification link, a password reset link): emailed only,
 * never in an inbox or a webhook.
 */
export type AccountTopic = 'account.verify_email' | 'account.password_reset';

/**
 * Facts worth telling someone about, written in the same transaction as the change that caused
 * them. `eventKey` makes a fact recorded twice (a retried transaction, a second sweeper) one row.
 * The dispatcher fans each row out once and stamps `dispatchedAt` in that same transaction.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventKey: text().notNull().unique(),
    topic: text().$type<OutboxTopic | AccountTopic>().notNull(),
    userId: uuid(),
    showId: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    dispatchedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** Times the fact failed when dispatched on its own. */
    failures: integer().notNull().default(0),
    /**
     * Set when a fact failed on its own: batches leave it out, and it is tried alone again from
     * then on. Kept here rather than in the dispatcher's memory, so any number of failing facts
     * cost no memory, and every node (and the next start) honours the wait.
     */
    retryAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_pending_idx').on(t.id).where(sql`${t.dispatchedAt} is null`),
    index('outbox_retry_idx').on(t.retryAt).where(sql`${t.dispatchedAt} is null and ${t.retryAt} is not null`),
  ],
);

/** What a user sees at GET /api/me/notifications: one row per (outbox fact, user). */
export const notifications = pgTable(
  'notifications',
  {
    id: text().primaryKey(),
    userId: uuid().notNull(),
    outboxId: bigint({ mode: 'number' }).notNull(),
    topic: text().$type<OutboxTopic>().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('notifications_outbox_user_key').on(t.outboxId, t.userId),
    index('notifications_user_idx').on(t.userId, t.createdAt),
  ],
);

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** A message to send outside (an email, a webhook call), retried with backoff until sent or given up. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: text().primaryKey(),
    outboxId: bigint({ mode: 'number' }).notNull(),
    channel: text().$type<DeliveryChannel>().notNull(),
    /** An email address, or a webhook id. */
    target: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text().$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_outbox_target_key').on(t.outboxId, t.channel, t.target),
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // Emails planned to one address lately (the per-recipient limit).
    index('deliveries_email_recipient_idx').on(t.target, t.createdAt).where(sql`${t.channel} = 'email'`),
  ],
);

/** An organizer's endpoint: outbox facts of the listed topics are POSTed to it, HMAC-signed. */
export const webhooks = pgTable('webhooks', {
  id: text().primaryKey(),
  url: text().notNull(),
  secret: text().notNull(),
  /** Empty: every topic. */
  topics: jsonb().$type<OutboxTopic[]>().notNull().default([]),
  active: boolean().notNull().default(true),
  createdBy: uuid().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type OutboxRow = typeof outbox.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
