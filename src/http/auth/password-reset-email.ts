import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { recordPasswordResetEmail } from '../../db/queries/password-resets.js';
import type { UserRow } from '../../db/schema/users.js';
import type { Auth } from './types.js';

/**
 * Queues the email whose link opens the web site's /reset-password page at `siteOrigin` (SITE_URL,
 * or the request's own origin, as for the verification email). Nothing is sent for an account whose
 * password cannot be set (an erased one).
 */
export async function queuePasswordResetEmail(
  deps: { db: Db; auth: Auth },
  siteOrigin: string,
  user: Pick<UserRow, 'id' | 'email' | 'passwordHash'>,
): Promise<void> {
  const reset = await deps.auth.passwordResetToken({ userId: user.id, passwordHash: user.passwordHash });
  if (!reset) return;
  const link = `${siteOrigin.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(reset.token)}`;
  await recordPasswordResetEmail(deps.db, {
    userId: user.id,
    email: user.email,
    link,
    validMinutes: deps.auth.passwordResetMinutes,
    nonce: randomUUID(),
  });
}
