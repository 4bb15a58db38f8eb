import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { recordVerificationEmail } from '../../db/queries/sessions.js';
import type { Auth } from './types.js';

/**
 * Queues the verification email of an account's address; its link opens the web site's /verify-email
 * page at `siteOrigin` (SITE_URL, or the request's own origin: PUBLIC_URL is how peers reach a node,
 * often an internal address, not for customers' links).
 */
export async function queueVerificationEmail(
  deps: { db: Db; auth: Auth },
  siteOrigin: string,
  user: { userId: string; email: string },
): Promise<void> {
  const token = await deps.auth.verificationToken(user);
  const link = `${siteOrigin.replace(/\/+$/, '')}/verify-email?token=${encodeURIComponent(token)}`;
  await recordVerificationEmail(deps.db, { ...user, link, nonce: randomUUID() });
}
