import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import { demoteUnlistedAdmins } from '../../db/queries/sessions.js';
import { normalizeEmail, upsertAdmin } from '../../db/queries/users.js';
import { createPasswordHasher, type PasswordCost } from './passwords.js';

/**
 * Makes sure the configured admin exists with the configured password (ADMIN_EMAIL / ADMIN_PASSWORD),
 * and that no other account is admin unless an admin made it one through the admin API: changing
 * ADMIN_EMAIL retires the admin it replaces (the default one of a first start included).
 */
export async function ensureAdmin(
  db: Executor,
  email: string,
  password: string,
  cost?: PasswordCost,
): Promise<{ userId: string; demoted: string[] }> {
  const passwordHash = await createPasswordHasher(cost).hash(password);
  const row = await upsertAdmin(db, { id: randomUUID(), email, name: 'Administrator', passwordHash });
  const demoted = await demoteUnlistedAdmins(db, normalizeEmail(email));
  return { userId: row.id, demoted };
}
