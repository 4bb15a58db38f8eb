import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import { upsertAdmin } from '../../db/queries/users.js';
import { createPasswordHasher, type PasswordCost } from './passwords.js';

/** Makes sure the configured admin exists with the configured password (ADMIN_EMAIL / ADMIN_PASSWORD). */
export async function ensureAdmin(
  db: Executor,
  email: string,
  password: string,
  cost?: PasswordCost,
): Promise<{ userId: string }> {
  const passwordHash = await createPasswordHasher(cost).hash(password);
  const row = await upsertAdmin(db, { id: randomUUID(), email, name: 'Administrator', passwordHash });
  return { userId: row.id };
}
