import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../actors/runtime/types.js';
import type { Db } from '../../db/client.js';
import { findUserByEmail, insertUser } from '../../db/queries/users.js';
import { createPasswordHasher, type PasswordCost } from './passwords.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { createRevocationList } from './revocations.js';
import { createTokenSigner } from './tokens.js';
import type { Auth } from './types.js';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  jwtSecret: string | undefined;
  tokenTtlSeconds: number;
  /** Lower only in tests: the default is the production argon2id cost. */
  passwordCost?: PasswordCost;
  revocationRefreshMs?: number;
}

/** Registration, login, token verification and logout. Loads the key and the revoked set before it returns. */
export async function createAuth(deps: AuthDeps): Promise<Auth> {
  const passwords = createPasswordHasher(deps.passwordCost);
  const signer = createTokenSigner(await resolveJwtSecret(deps.db, deps.jwtSecret), deps.tokenTtlSeconds);
  const revocations = await createRevocationList({
    db: deps.db,
    now: () => deps.clock.now(),
    log: deps.log,
    refreshMs: deps.revocationRefreshMs,
  });
  const now = () => deps.clock.now();

  return {
    async register({ email, password, name }) {
      const row = await insertUser(deps.db, {
        id: randomUUID(),
        email,
        name,
        passwordHash: await passwords.hash(password),
      });
      if (!row) return { ok: false, code: 'email_taken' };
      const token = await signer.sign({ userId: row.id, email: row.email, name: row.name, role: row.role }, now());
      return { ok: true, userId: row.id, token };
    },
    async login({ email, password }) {
      const row = await findUserByEmail(deps.db, email);
      if (!row) {
        await passwords.verifyNothing(password);
        return { ok: false, code: 'invalid_credentials' };
      }
      if (!(await passwords.verify(row.passwordHash, password))) return { ok: false, code: 'invalid_credentials' };
      const token = await signer.sign({ userId: row.id, email: row.email, name: row.name, role: row.role }, now());
      return { ok: true, userId: row.id, token };
    },
    async verify(token) {
      const claims = await signer.verify(token, now());
      if (!claims || revocations.has(claims.jti)) return null;
      const { jti, expiresAt, ...user } = claims;
      return { user, jti, expiresAt };
    },
    logout: (session) => revocations.revoke(session.jti, session.expiresAt),
    stop: () => revocations.stop(),
  };
}
