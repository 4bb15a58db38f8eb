import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { outbox } from '../schema/outbox.js';
import { refreshTokens, revokedTokens, users, type UserRow } from '../schema/users.js';

/** What every request's authentication is checked against: who the account is now. */
export type AccountState = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'tokenVersion'>;

export async function findAccountState(db: Executor, userId: string): Promise<AccountState | null> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, tokenVersion: users.tokenVersion })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0] ?? null;
}

/** Ends every session of the account: tokens carry the version they were issued under. */
export async function bumpTokenVersion(db: Executor, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
    .where(eq(users.id, userId));
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export async function insertRefreshToken(
  db: Executor,
  row: { tokenHash: string; userId: string; family: string; expiresAt: Date },
): Promise<void> {
  await db.insert(refreshTokens).values(row);
}

export type RefreshUse =
  { ok: true; userId: string; family: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/**
 * Marks a refresh token used, once: of two uses of one token only the first gets `ok`. A second use
 * means the token was copied, so its whole family (the sign-in it came from) is revoked.
 */
export async function useRefreshToken(db: Executor, tokenHash: string, now: Date): Promise<RefreshUse> {
  const used = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, now),
      ),
    )
    .returning({ userId: refreshTokens.userId, family: refreshTokens.family });
  if (used[0]) return { ok: true, ...used[0] };
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).limit(1);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.usedAt) {
    await revokeRefreshFamily(db, row.family);
    return { ok: false, reason: 'reused' };
  }
  return { ok: false, reason: 'expired' };
}

export async function revokeRefreshFamily(db: Executor, family: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.family, family), isNull(refreshTokens.revokedAt)));
}

/** When a sign-in (a refresh token family) began: its first token's creation; null once its tokens are gone. */
export async function sessionStartedAt(db: Executor, family: string): Promise<Date | null> {
  const rows = await db
    .select({ startedAt: sql<Date | null>`min(${refreshTokens.createdAt})`.mapWith(refreshTokens.createdAt) })
    .from(refreshTokens)
    .where(eq(refreshTokens.family, family));
  return rows[0]?.startedAt ?? null;
}

/** Refresh tokens past their expiry are worth nothing; their rows can go. */
export async function pruneRefreshTokens(db: Executor, now: Date): Promise<void> {
  await db.delete(refreshTokens).where(sql`${refreshTokens.expiresAt} < ${now}`);
}

/**
 * Revocations recorded after `since` (by the database's clock) and still unexpired, with the
 * database's time of the read, which the next call passes back as its `since`.
 */
export async function listRevokedSince(
  db: Executor,
  since: Date | null,
): Promise<{ revoked: { jti: string; expiresAt: Date }[]; readAt: Date }> {
  const [clock] = await db.execute<{ now: Date | string }>(sql`select now() as now`);
  const readAt = new Date(clock!.now);
  const where = since
    ? and(gt(revokedTokens.revokedAt, since), gt(revokedTokens.expiresAt, readAt))
    : gt(revokedTokens.expiresAt, readAt);
  const revoked = await db
    .select({ jti: revokedTokens.jti, expiresAt: revokedTokens.expiresAt })
    .from(revokedTokens)
    .where(where);
  return { revoked, readAt };
}

/** Sets an account's role; null when there is no such account. */
export async function setUserRole(db: Executor, userId: string, role: UserRow['role']): Promise<UserRow | null> {
  const rows = await db.update(users).set({ role }).where(eq(users.id, userId)).returning();
  return rows[0] ?? null;
}

/** The audit action that records a role given through the admin API (POST /api/admin/users/:id/role). */
export const ROLE_CHANGE_ACTION = 'user.role';

/**
 * Demotes every admin but the configured one whose role was not last set to admin through the admin
 * API (a default admin left from a first start, one promoted by hand in the database), and ends
 * their sessions. Returns the emails demoted.
 */
export async function demoteUnlistedAdmins(db: Executor, configuredEmail: string): Promise<string[]> {
  const rows = await db.execute<{ email: string }>(sql`update users u
    set role = 'customer', token_version = u.token_version + 1
    where u.role = 'admin' and u.email <> ${configuredEmail}
      and coalesce((select a.details->>'role' from admin_audit_log a
                    where a.action = ${ROLE_CHANGE_ACTION} and a.target_id = u.id::text
                    order by a.id desc limit 1), '') <> 'admin'
    returning u.email`);
  return rows.map((r) => r.email);
}

/**
 * Queues the email with the verification link (an outbox fact, delivered like any other, but only
 * ever by email: see the delivery planner). `email` is the address the link confirms.
 */
export async function recordVerificationEmail(
  db: Executor,
  input: { userId: string; email: string; link: string; nonce: string },
): Promise<void> {
  await db.insert(outbox).values({
    eventKey: `account.verify_email:${input.userId}:${input.nonce}`,
    topic: 'account.verify_email',
    userId: input.userId,
    payload: { email: input.email, link: input.link },
  });
}

/** Marks the address verified if it is still the account's address; false when it is not (or no account). */
export async function markEmailVerified(db: Executor, userId: string, email: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
    .where(and(eq(users.id, userId), eq(users.email, email)))
    .returning({ id: users.id });
  return rows.length > 0;
}
