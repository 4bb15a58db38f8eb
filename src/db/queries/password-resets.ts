import { and, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../client.js';
import { deliveries, outbox } from '../schema/outbox.js';
import { passwordResets, refreshTokens, users } from '../schema/users.js';
import type { AccountState } from './sessions.js';

export async function insertPasswordReset(
  db: Executor,
  row: { tokenHash: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db.insert(passwordResets).values(row);
}

/** The account an unused, unexpired reset token is for; null otherwise. */
export async function findOpenPasswordReset(db: Executor, tokenHash: string, now: Date): Promise<string | null> {
  const rows = await db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .limit(1);
  return rows[0]?.userId ?? null;
}

/**
 * The new password hash, every session ended (token version raised, refresh tokens revoked) and every
 * open reset link used up, in the caller's transaction. The account as it is now, for a new sign-in.
 */
async function replacePassword(
  tx: Executor,
  userId: string,
  passwordHash: string,
  now: Date,
  opts: { verifyEmail: boolean },
): Promise<AccountState | null> {
  const [account] = await tx
    .update(users)
    .set({
      passwordHash,
      tokenVersion: sql`${users.tokenVersion} + 1`,
      ...(opts.verifyEmail ? { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` } : {}),
    })
    .where(eq(users.id, userId))
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role, tokenVersion: users.tokenVersion });
  if (!account) return null;
  await tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
  // The links are spent: the copies the email was sent from need not keep them.
  const facts = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'account.password_reset')));
  await tx
    .update(outbox)
    .set({ payload: sql`${outbox.payload} - 'link'` })
    .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'account.password_reset'), sql`${outbox.payload} ? 'link'`));
  await tx
    .update(deliveries)
    .set({ payload: sql`${deliveries.payload} || '{"text":"(a password reset link, used)"}'::jsonb` })
    .where(and(inArray(deliveries.outboxId, facts), ne(deliveries.status, 'pending')));
  return account;
}

/**
 * Uses up a reset token and sets the account's password, if the token is still open: of two uses of
 * one token only the first changes anything. Following the emailed link proves the address, so it
 * counts as verified too. null when the token is unknown, used or expired.
 */
export async function resetPasswordWithToken(
  db: Db,
  input: { tokenHash: string; passwordHash: string; now: Date },
): Promise<AccountState | null> {
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(
        and(
          eq(passwordResets.tokenHash, input.tokenHash),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, input.now),
        ),
      )
      .returning({ userId: passwordResets.userId });
    if (!used) return null;
    return replacePassword(tx, used.userId, input.passwordHash, input.now, { verifyEmail: true });
  });
}

/**
 * Sets a signed-in account's password, but only if its hash is still `currentHash` (the one the
 * caller checked the current password against), so two concurrent changes cannot both win.
 */
export async function changePassword(
  db: Db,
  input: { userId: string; currentHash: string; passwordHash: string; now: Date },
): Promise<AccountState | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.passwordHash, input.currentHash)))
      .for('update');
    if (!row) return null;
    return replacePassword(tx, input.userId, input.passwordHash, input.now, { verifyEmail: false });
  });
}

/** Queues the email with a reset link; emailed only (see the delivery planner), verified address or not. */
export async function recordPasswordResetEmail(
  db: Executor,
  input: { userId: string; email: string; link: string; validMinutes: number; nonce: string },
): Promise<void> {
  await db.insert(outbox).values({
    eventKey: `account.password_reset:${input.userId}:${input.nonce}`,
    topic: 'account.password_reset',
    userId: input.userId,
    payload: { email: input.email, link: input.link, validMinutes: input.validMinutes },
  });
}

/** Reset links past their expiry are worth nothing, used or not; their rows can go. */
export async function prunePasswordResets(db: Executor, now: Date): Promise<void> {
  await db.delete(passwordResets).where(sql`${passwordResets.expiresAt} < ${now}`);
}
