import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import { getOrCreateSecret } from '../../db/queries/users.js';

/**
 * JWT_SECRET when configured; otherwise one generated on first start and kept in app_secrets, so
 * tokens survive restarts and every node of a cluster signs with the same key.
 */
export async function resolveJwtSecret(db: Executor, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return getOrCreateSecret(db, 'jwt_secret', randomBytes(48).toString('base64url'));
}
