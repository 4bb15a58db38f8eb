import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Which account an OpenID Connect identity signs in to. The subject is unique only within its
 * provider (the configured provider id), so the pair is the key; the email is what the provider said
 * when the link was made, kept for support, never used to match again.
 */
export const oidcAccounts = pgTable(
  'oidc_accounts',
  {
    provider: text().notNull(),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index('oidc_accounts_user_idx').on(t.userId)],
);

/**
 * What a provider's callback hands to the web page, by the SHA-256 of a one-time code (the code
 * travels in the page's URL fragment; tokens never do). `signIn` names the account to sign in to;
 * `link` names the existing account whose password the customer must give before the identity is
 * linked to it. Any node can redeem a code, as the row is in the shared database.
 */
export const oidcHandoffs = pgTable(
  'oidc_handoffs',
  {
    codeHash: text().primaryKey(),
    kind: text({ enum: ['signIn', 'link'] }).notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text().notNull(),
    subject: text().notNull(),
    email: text(),
    /** Wrong passwords given for a `link` code; the code is spent at the limit. */
    failedAttempts: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('oidc_handoffs_expires_at_idx').on(t.expiresAt)],
);

export type OidcAccountRow = typeof oidcAccounts.$inferSelect;
export type OidcHandoffRow = typeof oidcHandoffs.$inferSelect;
