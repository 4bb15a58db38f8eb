import { eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { appSecrets, revokedTokens, users, type UserRow } from '../schema/users.js';

export type Role = UserRow['role'];

/** Emails are compared lower-cased and trimmed, so "Ann@X.org" and "ann@x.org" are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Inserts a user unless the email is taken; returns null when it is (the unique index decides, not a read). */
export async function insertUser(
  db: Executor,
  input: { id: string; email: string; name: string; passwordHash: string; role?: Role },
): Promise<UserRow | null> {
  const rows = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email), role: input.role ?? 'customer' })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return rows[0] ?? null;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | null> {
  const rows = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findUserById(db: Executor, userId: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return rows[0] ?? null;
}

/**
 * Creates the user as admin, or makes an existing one admin with the given password hash. The operator
 * chose the address (ADMIN_EMAIL), so it counts as verified.
 */
export async function upsertAdmin(
  db: Executor,
  input: { id: string; email: string; name: string; passwordHash: string },
): Promise<UserRow> {
  const rows = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email), role: 'admin', emailVerifiedAt: sql`now()` })
    .onConflictDoUpdate({
      target: users.email,
      set: { role: 'admin', passwordHash: input.passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` },
    })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('upsertAdmin returned no row');
  return row;
}

export async function revokeToken(db: Executor, jti: string, expiresAt: Date): Promise<void> {
  await db.insert(revokedTokens).values({ jti, expiresAt }).onConflictDoNothing();
}

/** Revoked tokens that could still be presented (not yet expired). */
export async function listRevokedJtis(db: Executor, now: Date): Promise<string[]> {
  const rows = await db.select({ jti: revokedTokens.jti }).from(revokedTokens).where(gt(revokedTokens.expiresAt, now));
  return rows.map((r) => r.jti);
}

/** An expired token is refused by its own exp claim, so its revocation row is no longer needed. */
export async function pruneRevokedTokens(db: Executor, now: Date): Promise<void> {
  await db.delete(revokedTokens).where(lt(revokedTokens.expiresAt, now));
}

/**
 * Returns the named secret, storing `candidate` first if there is none yet. Several nodes starting at
 * once all end up with the value of whichever insert won.
 */
export async function getOrCreateSecret(db: Executor, name: string, candidate: string): Promise<string> {
  await db.insert(appSecrets).values({ name, value: candidate }).onConflictDoNothing();
  const rows = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
  const value = rows[0]?.value;
  if (value === undefined) throw new Error(`secret ${name} missing after insert`);
  return value;
}
