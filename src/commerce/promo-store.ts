import { and, asc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { events, payments, promoCodes, promoRedemptions, type PromoCodeRow } from '../db/schema/index.js';
import type { PromoTerms } from './promo-rules.js';

/** A use counts while its payment is pending or has become a booking (see promo_redemptions). */
const countsAsUse = or(eq(payments.status, 'pending'), isNotNull(payments.bookingId));

/**
 * The code's row; with `lock`, locked until the transaction ends, so that counting its uses and
 * adding one is a single step for every confirm racing on the same code.
 */
export async function findPromoByCode(
  db: Executor,
  code: string,
  opts: { lock: boolean },
): Promise<PromoCodeRow | undefined> {
  const query = db.select().from(promoCodes).where(eq(promoCodes.code, code)).limit(1);
  const rows = opts.lock ? await query.for('update') : await query;
  return rows[0];
}

/**
 * The code's row; with `lock`, locked until the transaction ends, as confirm locks it to record a
 * use, so an admin's edit or removal and a use of the code happen one after the other.
 */
export async function getPromo(
  db: Executor,
  promoId: string,
  opts: { lock: boolean } = { lock: false },
): Promise<PromoCodeRow | undefined> {
  const query = db.select().from(promoCodes).where(eq(promoCodes.id, promoId)).limit(1);
  const rows = opts.lock ? await query.for('update') : await query;
  return rows[0];
}

export async function countPromoUses(
  db: Executor,
  promoId: string,
  userId: string,
): Promise<{ total: number; byUser: number }> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      byUser: sql<number>`count(*) filter (where ${promoRedemptions.userId} = ${userId})::int`,
    })
    .from(promoRedemptions)
    .innerJoin(payments, eq(payments.id, promoRedemptions.paymentId))
    .where(and(eq(promoRedemptions.promoId, promoId), countsAsUse));
  return { total: row?.total ?? 0, byUser: row?.byUser ?? 0 };
}

export async function insertRedemption(
  db: Executor,
  row: { id: string; promoId: string; userId: string; paymentId: string; discount: number },
): Promise<void> {
  await db.insert(promoRedemptions).values(row);
}

export function promoTerms(row: PromoCodeRow): PromoTerms {
  return {
    code: row.code,
    kind: row.kind,
    value: row.value,
    currency: row.currency,
    scope: row.scope,
    eventId: row.eventId,
    category: row.category,
    active: row.active,
    validFrom: row.validFrom?.getTime() ?? null,
    validUntil: row.validUntil?.getTime() ?? null,
  };
}

export type PromoWithUses = PromoCodeRow & { used: number };

/** Every code with its counted uses, newest first. */
export function listPromos(db: Executor): Promise<PromoWithUses[]> {
  return promosWithUses(db);
}

export async function promoWithUses(db: Executor, promoId: string): Promise<PromoWithUses | undefined> {
  return (await promosWithUses(db, eq(promoCodes.id, promoId)))[0];
}

async function promosWithUses(db: Executor, where?: SQL): Promise<PromoWithUses[]> {
  const used = db
    .select({ promoId: promoRedemptions.promoId, used: sql<number>`count(*)::int`.as('used') })
    .from(promoRedemptions)
    .innerJoin(payments, eq(payments.id, promoRedemptions.paymentId))
    .where(countsAsUse)
    .groupBy(promoRedemptions.promoId)
    .as('used');
  const rows = await db
    .select({ promo: promoCodes, used: used.used })
    .from(promoCodes)
    .leftJoin(used, eq(used.promoId, promoCodes.id))
    .where(where)
    .orderBy(sql`${promoCodes.createdAt} desc`, asc(promoCodes.code));
  return rows.map((r) => ({ ...r.promo, used: r.used ?? 0 }));
}

export type NewPromo = typeof promoCodes.$inferInsert;

/** Inserts a code; false if the code is taken (codes are unique, case-insensitively, by storage). */
export async function insertPromo(db: Executor, row: NewPromo): Promise<boolean> {
  const inserted = await db
    .insert(promoCodes)
    .values(row)
    .onConflictDoNothing({ target: promoCodes.code })
    .returning({ id: promoCodes.id });
  return inserted.length > 0;
}

export async function updatePromo(
  db: Executor,
  promoId: string,
  patch: Partial<Omit<NewPromo, 'id' | 'createdAt'>>,
): Promise<void> {
  await db
    .update(promoCodes)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(promoCodes.id, promoId));
}

/**
 * Removes a code nobody ever used; a code with redemptions stays (payments and the ledger point at
 * it) and is deactivated instead. Run it in a transaction that locked the code (getPromo with
 * `lock`): otherwise a use recorded between the count and the delete breaks the delete.
 */
export async function removePromo(db: Executor, promoId: string): Promise<'deleted' | 'deactivated'> {
  const [ever] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(promoRedemptions)
    .where(eq(promoRedemptions.promoId, promoId));
  if ((ever?.n ?? 0) === 0) {
    await db.delete(promoCodes).where(eq(promoCodes.id, promoId));
    return 'deleted';
  }
  await updatePromo(db, promoId, { active: false });
  return 'deactivated';
}

/** Whether an event exists and is not removed (a code scoped to a removed event is refused). */
export async function liveEventExists(db: Executor, eventId: string): Promise<boolean> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.id, eventId), isNull(events.deletedAt)))
    .limit(1);
  return rows.length > 0;
}
