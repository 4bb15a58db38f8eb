import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../client.js';
import { apiKeys, apiKeyUsage } from '../schema/api-keys.js';
import { bookings, holds, payments, refunds, tickets, waitlistEntries } from '../schema/bookings.js';
import { events, shows } from '../schema/catalog.js';
import { loyaltyLedger } from '../schema/commerce.js';
import { idempotencyKeys } from '../schema/idempotency.js';
import { deliveries, notifications, outbox } from '../schema/outbox.js';
import { reviews } from '../schema/reviews.js';
import { supportQuestions } from '../schema/support.js';
import { passwordResets, refreshTokens, users } from '../schema/users.js';
import { oidcAccounts, oidcHandoffs } from '../schema/oidc.js';

/*
 * What the service holds about one person, for their own copy (GET /api/me/export) and for erasing
 * it (DELETE /api/me). Both list the same tables, so a table added later is seen missing in both.
 */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

/** The name an erased account goes by: its reviews read as anonymous, its bookings as nobody's. */
export const ERASED_NAME = 'Anonymous';

/** The address an erased account keeps: unique per account, and `.invalid` is never delivered (RFC 2606). */
export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;

/** Everything held about a user, as one JSON document; null for an unknown account. */
export async function exportPersonalData(db: Executor, userId: string, now: Date) {
  const [account] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!account) return null;
  const signIns = await db
    .select({
      provider: oidcAccounts.provider,
      subject: oidcAccounts.subject,
      email: oidcAccounts.email,
      linkedAt: oidcAccounts.createdAt,
    })
    .from(oidcAccounts)
    .where(eq(oidcAccounts.userId, userId));

  const [bookingRows, ticketRows, paymentRows, refundRows, holdRows, waitlistRows, points, inbox, reviewRows] =
    await Promise.all([
      db
        .select({
          bookingId: bookings.id,
          showId: bookings.showId,
          eventTitle: events.title,
          startsAt: shows.startsAt,
          status: bookings.status,
          seats: bookings.seats,
          gaSection: bookings.gaSection,
          quantity: bookings.quantity,
          subtotal: bookings.subtotal,
          discount: bookings.discount,
          fees: bookings.fees,
          total: bookings.total,
          currency: bookings.currency,
          refundAmount: bookings.refundAmount,
          createdAt: bookings.createdAt,
          cancelledAt: bookings.cancelledAt,
        })
        .from(bookings)
        .leftJoin(shows, eq(shows.id, bookings.showId))
        .leftJoin(events, eq(events.id, shows.eventId))
        .where(eq(bookings.userId, userId))
        .orderBy(asc(bookings.createdAt)),
      db
        .select({
          ticketId: tickets.id,
          bookingId: tickets.bookingId,
          seatId: tickets.seatId,
          admittedAt: tickets.admittedAt,
        })
        .from(tickets)
        .innerJoin(bookings, eq(bookings.id, tickets.bookingId))
        .where(eq(bookings.userId, userId))
        .orderBy(asc(tickets.seatId)),
      // Column by column: what the gateway knows (its reference) is not about the person; no card
      // number, expiry or CVC is stored.
      db
        .select({
          paymentId: payments.id,
          bookingId: payments.bookingId,
          showId: payments.showId,
          holdId: payments.holdId,
          amount: payments.amount,
          subtotal: payments.subtotal,
          discount: payments.discount,
          fees: payments.fees,
          promoCode: payments.promoCode,
          pointsRedeemed: payments.pointsRedeemed,
          currency: payments.currency,
          method: payments.method,
          status: payments.status,
          failureReason: payments.failureReason,
          createdAt: payments.createdAt,
          updatedAt: payments.updatedAt,
        })
        .from(payments)
        .where(eq(payments.userId, userId))
        .orderBy(asc(payments.createdAt)),
      db
        .select({
          refundId: refunds.id,
          paymentId: refunds.paymentId,
          bookingId: refunds.bookingId,
          amount: refunds.amount,
          status: refunds.status,
          reason: refunds.reason,
          createdAt: refunds.createdAt,
        })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .where(eq(payments.userId, userId))
        .orderBy(asc(refunds.createdAt)),
      db
        .select({
          holdId: holds.id,
          showId: holds.showId,
          status: holds.status,
          seats: holds.seats,
          quantity: holds.quantity,
          total: holds.total,
          currency: holds.currency,
          createdAt: holds.createdAt,
          expiresAt: holds.expiresAt,
        })
        .from(holds)
        .where(eq(holds.userId, userId))
        .orderBy(asc(holds.createdAt)),
      db
        .select({
          entryId: waitlistEntries.id,
          showId: waitlistEntries.showId,
          quantity: waitlistEntries.quantity,
          category: waitlistEntries.category,
          section: waitlistEntries.section,
          status: waitlistEntries.status,
          joinedAt: waitlistEntries.joinedAt,
        })
        .from(waitlistEntries)
        .where(eq(waitlistEntries.userId, userId))
        .orderBy(asc(waitlistEntries.joinedAt)),
      db
        .select({
          entryId: loyaltyLedger.id,
          delta: loyaltyLedger.delta,
          kind: loyaltyLedger.kind,
          bookingId: loyaltyLedger.bookingId,
          paymentId: loyaltyLedger.paymentId,
          note: loyaltyLedger.note,
          createdAt: loyaltyLedger.createdAt,
        })
        .from(loyaltyLedger)
        .where(eq(loyaltyLedger.userId, userId))
        .orderBy(asc(loyaltyLedger.createdAt), asc(loyaltyLedger.id)),
      db
        .select({
          notificationId: notifications.id,
          topic: notifications.topic,
          title: notifications.title,
          body: notifications.body,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(eq(notifications.userId, userId))
        .orderBy(asc(notifications.createdAt)),
      db
        .select({
          reviewId: reviews.id,
          eventId: reviews.eventId,
          rating: reviews.rating,
          text: reviews.text,
          createdAt: reviews.createdAt,
          updatedAt: reviews.updatedAt,
        })
        .from(reviews)
        .where(eq(reviews.userId, userId))
        .orderBy(asc(reviews.createdAt)),
    ]);
  const [questions, keys] = await Promise.all([
    db
      .select({
        questionId: supportQuestions.id,
        bookingId: supportQuestions.bookingId,
        subject: supportQuestions.subject,
        message: supportQuestions.message,
        status: supportQuestions.status,
        answer: supportQuestions.answer,
        answeredAt: supportQuestions.answeredAt,
        createdAt: supportQuestions.createdAt,
      })
      .from(supportQuestions)
      .where(eq(supportQuestions.userId, userId))
      .orderBy(asc(supportQuestions.createdAt)),
    db
      .select({
        apiKeyId: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        quotaPerHour: apiKeys.quotaPerHour,
        createdAt: apiKeys.createdAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.userId, userId))
      .orderBy(asc(apiKeys.createdAt)),
  ]);

  return {
    exportedAt: iso(now),
    account: {
      ...account,
      createdAt: iso(account.createdAt),
      emailVerifiedAt: isoOrNull(account.emailVerifiedAt),
      linkedSignIns: signIns.map((s) => ({ ...s, linkedAt: iso(s.linkedAt) })),
    },
    bookings: bookingRows.map((b) => ({
      ...b,
      startsAt: isoOrNull(b.startsAt),
      createdAt: iso(b.createdAt),
      cancelledAt: isoOrNull(b.cancelledAt),
      tickets: ticketRows
        .filter((t) => t.bookingId === b.bookingId)
        .map((t) => ({ ticketId: t.ticketId, seatId: t.seatId, admittedAt: isoOrNull(t.admittedAt) })),
    })),
    payments: paymentRows.map((p) => ({
      ...p,
      // The kind only: the stored method also names the card's last digits (`card ****4242`).
      method: p.method.split(' ')[0]!,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
      refunds: refundRows
        .filter((r) => r.paymentId === p.paymentId)
        .map((r) => ({
          refundId: r.refundId,
          bookingId: r.bookingId,
          amount: r.amount,
          status: r.status,
          reason: r.reason,
          createdAt: iso(r.createdAt),
        })),
    })),
    holds: holdRows.map((h) => ({ ...h, createdAt: iso(h.createdAt), expiresAt: iso(h.expiresAt) })),
    waitlist: waitlistRows.map((w) => ({ ...w, joinedAt: iso(w.joinedAt) })),
    points: {
      balance: points.reduce((sum, e) => sum + e.delta, 0),
      entries: points.map((e) => ({ ...e, createdAt: iso(e.createdAt) })),
    },
    notifications: inbox.map((n) => ({ ...n, createdAt: iso(n.createdAt), readAt: isoOrNull(n.readAt) })),
    reviews: reviewRows.map((r) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) })),
    support: questions.map((q) => ({ ...q, createdAt: iso(q.createdAt), answeredAt: isoOrNull(q.answeredAt) })),
    apiKeys: keys.map((k) => ({ ...k, createdAt: iso(k.createdAt), revokedAt: isoOrNull(k.revokedAt) })),
  };
}

export type PersonalData = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;

/** What stands in the way of erasing an account: bookings for shows still to come, live holds, waiting places. */
export interface Commitments {
  upcomingBookings: { bookingId: string; showId: string; startsAt: string }[];
  liveHolds: string[];
  waitlistEntries: string[];
}

export async function openCommitments(db: Executor, userId: string, now: Date): Promise<Commitments> {
  const [upcoming, live, waiting] = await Promise.all([
    db
      .select({ bookingId: bookings.id, showId: bookings.showId, startsAt: shows.startsAt })
      .from(bookings)
      .innerJoin(shows, eq(shows.id, bookings.showId))
      .where(and(eq(bookings.userId, userId), eq(bookings.status, 'confirmed'), gt(shows.startsAt, now)))
      .orderBy(asc(shows.startsAt)),
    db
      .select({ holdId: holds.id })
      .from(holds)
      .where(and(eq(holds.userId, userId), inArray(holds.status, ['held', 'paying']))),
    db
      .select({ entryId: waitlistEntries.id })
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.userId, userId), inArray(waitlistEntries.status, ['waiting', 'offered']))),
  ]);
  return {
    upcomingBookings: upcoming.map((b) => ({ ...b, startsAt: b.startsAt.toISOString() })),
    liveHolds: live.map((h) => h.holdId),
    waitlistEntries: waiting.map((w) => w.entryId),
  };
}

export const hasCommitments = (c: Commitments) =>
  c.upcomingBookings.length + c.liveHolds.length + c.waitlistEntries.length > 0;

export type EraseResult =
  | { erased: true }
  | { erased: false; code: 'not_found' }
  | { erased: false; code: 'committed'; commitments: Commitments };

/**
 * Erases a person and keeps what accounting needs. The account row stays as a pseudonym (its id),
 * with no name, address or password: bookings, tickets, payments, refunds, holds, points and promo
 * redemptions keep pointing at it, so revenue, refunds and seat history still add up, and reviews
 * read as anonymous. What is only about the person goes: notifications, support questions, API keys,
 * sign-in tokens, linked provider identities, stored idempotent answers, emails still queued for the address and the address
 * where an outbox fact names it. The token version moves on, so every session ends. Refused while the account has bookings for shows still to
 * come, live holds or waiting places (see openCommitments): checked again inside the transaction,
 * with the account row locked.
 */
export async function erasePersonalData(db: Db, userId: string, now: Date): Promise<EraseResult> {
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).for('update');
    if (!account) return { erased: false, code: 'not_found' };
    const commitments = await openCommitments(tx, userId, now);
    if (hasCommitments(commitments)) return { erased: false, code: 'committed', commitments };

    const keyIds = tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.userId, userId));
    await tx.delete(apiKeyUsage).where(inArray(apiKeyUsage.keyId, keyIds));
    await tx.delete(apiKeys).where(eq(apiKeys.userId, userId));
    await tx.delete(notifications).where(eq(notifications.userId, userId));
    await tx.delete(supportQuestions).where(eq(supportQuestions.userId, userId));
    await tx.delete(refreshTokens).where(eq(refreshTokens.userId, userId));
    await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
    // An erased account must not be signed in to again through a provider's identity.
    await tx.delete(oidcAccounts).where(eq(oidcAccounts.userId, userId));
    await tx.delete(oidcHandoffs).where(eq(oidcHandoffs.userId, userId));
    await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.userId, userId));
    await tx.delete(deliveries).where(and(eq(deliveries.channel, 'email'), eq(deliveries.target, account.email)));
    // Facts about the account (a verification email's) may name the address; the facts themselves stay.
    await tx
      .update(outbox)
      .set({ payload: sql`${outbox.payload} - 'email'` })
      .where(and(eq(outbox.userId, userId), sql`${outbox.payload} ? 'email'`));
    await tx
      .update(users)
      .set({
        email: erasedEmail(userId),
        name: ERASED_NAME,
        // No argon2 hash has this form, so no password matches it.
        passwordHash: '!erased',
        emailVerifiedAt: null,
        tokenVersion: sql`${users.tokenVersion} + 1`,
      })
      .where(eq(users.id, userId));
    return { erased: true };
  });
}
