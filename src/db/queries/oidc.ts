import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Executor } from '../client.js';
import { oidcAccounts, oidcHandoffs, type OidcHandoffRow } from '../schema/oidc.js';
import { users } from '../schema/users.js';

/** The account an identity of a provider signs in to, or null when it has never signed in here. */
export async function findOidcAccount(db: Executor, provider: string, subject: string): Promise<string | null> {
  const rows = await db
    .select({ userId: oidcAccounts.userId })
    .from(oidcAccounts)
    .where(and(eq(oidcAccounts.provider, provider), eq(oidcAccounts.subject, subject)))
    .limit(1);
  return rows[0]?.userId ?? null;
}

/**
 * Links an identity to an account. The identity may have been linked meanwhile (the same callback
 * twice, two tabs): the first link stands, and its account is returned.
 */
export async function linkOidcAccount(
  db: Executor,
  link: { provider: string; subject: string; userId: string; email: string | null },
): Promise<string> {
  await db.insert(oidcAccounts).values(link).onConflictDoNothing();
  const linked = await findOidcAccount(db, link.provider, link.subject);
  if (!linked) throw new Error('oidc account missing after insert');
  return linked;
}

/**
 * A new account for an identity, linked to it in one transaction. Null when the email is taken
 * (an account was registered with it meanwhile): the caller decides again.
 */
export async function createOidcUser(
  db: Db,
  input: {
    userId: string;
    email: string;
    name: string;
    passwordHash: string;
    emailVerified: boolean;
    provider: string;
    subject: string;
  },
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(users)
      .values({
        id: input.userId,
        email: input.email,
        name: input.name,
        passwordHash: input.passwordHash,
        emailVerifiedAt: input.emailVerified ? sql`now()` : null,
      })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!rows[0]) return null;
    return linkOidcAccount(tx, {
      provider: input.provider,
      subject: input.subject,
      userId: input.userId,
      email: input.email,
    });
  });
}

export async function insertOidcHandoff(
  db: Executor,
  row: Pick<OidcHandoffRow, 'codeHash' | 'kind' | 'userId' | 'provider' | 'subject' | 'email' | 'expiresAt'>,
): Promise<void> {
  await db.insert(oidcHandoffs).values(row);
}

/** An unused, unexpired handoff, or null. */
export async function findOidcHandoff(db: Executor, codeHash: string, now: Date): Promise<OidcHandoffRow | null> {
  const rows = await db
    .select()
    .from(oidcHandoffs)
    .where(and(eq(oidcHandoffs.codeHash, codeHash), isNull(oidcHandoffs.usedAt), gt(oidcHandoffs.expiresAt, now)))
    .limit(1);
  return rows[0] ?? null;
}

/** Spends a handoff, once: of two redemptions racing only one gets true. */
export async function useOidcHandoff(db: Executor, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(oidcHandoffs)
    .set({ usedAt: now })
    .where(and(eq(oidcHandoffs.codeHash, codeHash), isNull(oidcHandoffs.usedAt), gt(oidcHandoffs.expiresAt, now)))
    .returning({ codeHash: oidcHandoffs.codeHash });
  return rows.length > 0;
}

/** Counts a wrong password; at `limit` the handoff is spent. Returns the attempts left. */
export async function failOidcHandoff(db: Executor, codeHash: string, limit: number, now: Date): Promise<number> {
  const rows = await db
    .update(oidcHandoffs)
    .set({
      failedAttempts: sql`${oidcHandoffs.failedAttempts} + 1`,
      usedAt: sql`case when ${oidcHandoffs.failedAttempts} + 1 >= ${limit} then ${now.toISOString()}::timestamptz else null end`,
    })
    .where(and(eq(oidcHandoffs.codeHash, codeHash), isNull(oidcHandoffs.usedAt)))
    .returning({ failedAttempts: oidcHandoffs.failedAttempts });
  return Math.max(0, limit - (rows[0]?.failedAttempts ?? limit));
}

/** Handoffs live minutes; their rows can go after that. */
export async function pruneOidcHandoffs(db: Executor, now: Date): Promise<void> {
  await db.delete(oidcHandoffs).where(lt(oidcHandoffs.expiresAt, now));
}
