import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../actors/runtime/types.js';
import type { Db } from '../../db/client.js';
import {
  bumpTokenVersion,
  findAccountState,
  insertRefreshToken,
  markEmailVerified,
  pruneRefreshTokens,
  revokeRefreshFamily,
  useRefreshToken,
} from '../../db/queries/sessions.js';
import {
  changePassword,
  findOpenPasswordReset,
  insertPasswordReset,
  prunePasswordResets,
  resetPasswordWithToken,
} from '../../db/queries/password-resets.js';
import { findUserByEmail, findUserById, insertUser } from '../../db/queries/users.js';
import { createAccountCache } from './account-cache.js';
import { createEmailVerifier } from './email-verification.js';
import { canSetPassword, createPasswordHasher, hasPassword, type PasswordCost } from './passwords.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { createRevocationList } from './revocations.js';
import { createTokenSigner } from './tokens.js';
import type { Auth, IssuedToken } from './types.js';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  jwtSecret: string | undefined;
  tokenTtlSeconds: number;
  /** Default 30 days. */
  refreshTtlSeconds?: number;
  /** How long a node trusts what it read of an account's role and token version; default 5 s. */
  accountCacheMs?: number;
  /** Lower only in tests: the default is the production argon2id cost. */
  passwordCost?: PasswordCost;
  revocationRefreshMs?: number;
  /** How long a password reset link works; default 30 minutes. */
  passwordResetTtlSeconds?: number;
}

/** Only the SHA-256 of a refresh token is stored: a copy of the table signs nobody in. */
const hashOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('hex');

/** Registration, login, refresh, token verification and logout. Loads the key and the revoked set before it returns. */
export async function createAuth(deps: AuthDeps): Promise<Auth> {
  const passwords = createPasswordHasher(deps.passwordCost);
  const secret = await resolveJwtSecret(deps.db, deps.jwtSecret);
  const signer = createTokenSigner(secret, deps.tokenTtlSeconds);
  const emails = createEmailVerifier(secret);
  const refreshTtlMs = (deps.refreshTtlSeconds ?? 30 * 24 * 3600) * 1000;
  const resetTtlSeconds = deps.passwordResetTtlSeconds ?? 30 * 60;
  const now = () => deps.clock.now();
  const revocations = await createRevocationList({
    db: deps.db,
    now,
    log: deps.log,
    refreshMs: deps.revocationRefreshMs,
  });
  const accounts = createAccountCache({ db: deps.db, now, ttlMs: deps.accountCacheMs ?? 5000 });

  /** An access token and a refresh token of the sign-in `family`. */
  async function issue(user: { id: string; tokenVersion: number }, family: string): Promise<IssuedToken> {
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    await insertRefreshToken(deps.db, {
      tokenHash: hashOf(refreshToken),
      userId: user.id,
      family,
      expiresAt: new Date(now() + refreshTtlMs),
    });
    const access = await signer.sign({ userId: user.id, version: user.tokenVersion, sessionId: family }, now());
    return { userId: user.id, token: access.token, expiresAt: access.expiresAt, refreshToken };
  }

  return {
    async register({ email, password, name }) {
      const row = await insertUser(deps.db, {
        id: randomUUID(),
        email,
        name,
        passwordHash: await passwords.hash(password),
      });
      if (!row) return { ok: false, code: 'email_taken' };
      return { ok: true, ...(await issue(row, randomUUID())) };
    },
    async login({ email, password }) {
      const row = await findUserByEmail(deps.db, email);
      if (!row) {
        await passwords.verifyNothing(password);
        return { ok: false, code: 'invalid_credentials' };
      }
      if (!(await passwords.verify(row.passwordHash, password))) return { ok: false, code: 'invalid_credentials' };
      return { ok: true, ...(await issue(row, randomUUID())) };
    },
    async signIn(userId) {
      const account = await findAccountState(deps.db, userId);
      return account ? issue(account, randomUUID()) : null;
    },
    async refresh(refreshToken) {
      const used = await useRefreshToken(deps.db, hashOf(refreshToken), new Date(now()));
      if (!used.ok) {
        if (used.reason === 'reused') deps.log.warn('a used refresh token was presented again: its sign-in is revoked');
        return { ok: false };
      }
      accounts.forget(used.userId);
      const account = await accounts.get(used.userId);
      if (!account) return { ok: false };
      void pruneRefreshTokens(deps.db, new Date(now())).catch((err: unknown) =>
        deps.log.warn({ err }, 'refresh token prune failed'),
      );
      return { ok: true, ...(await issue(account, used.family)) };
    },
    async verify(token) {
      const claims = await signer.verify(token, now());
      if (!claims || revocations.has(claims.jti)) return null;
      const cached = accounts.get(claims.userId);
      // A cache hit is a plain value: no extra turn of the event loop on the request's path.
      const account = cached instanceof Promise ? await cached : cached;
      if (!account || account.tokenVersion !== claims.version) return null;
      return {
        user: { userId: account.id, email: account.email, name: account.name, role: account.role },
        jti: claims.jti,
        expiresAt: claims.expiresAt,
        sessionId: claims.sessionId,
      };
    },
    async logout(session) {
      await revocations.revoke(session.jti, session.expiresAt);
      if (session.sessionId) await revokeRefreshFamily(deps.db, session.sessionId);
    },
    async logoutEverywhere(userId) {
      await bumpTokenVersion(deps.db, userId);
      accounts.forget(userId);
    },
    forget: (userId) => accounts.forget(userId),
    verificationToken: (user) => emails.sign(user, now()),
    async confirmEmail(token) {
      const claim = await emails.check(token, now());
      if (!claim || !(await markEmailVerified(deps.db, claim.userId, claim.email))) return { ok: false };
      return { ok: true, ...claim };
    },
    passwordResetMinutes: Math.round(resetTtlSeconds / 60),
    async passwordResetToken(user) {
      if (!canSetPassword(user.passwordHash)) return null;
      const token = `pr_${randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(now() + resetTtlSeconds * 1000);
      await insertPasswordReset(deps.db, { tokenHash: hashOf(token), userId: user.userId, expiresAt });
      void prunePasswordResets(deps.db, new Date(now())).catch((err: unknown) =>
        deps.log.warn({ err }, 'password reset prune failed'),
      );
      return { token, expiresAt };
    },
    async resetPassword(token, password) {
      const tokenHash = hashOf(token);
      const at = new Date(now());
      // A guessed or spent token costs no password hash.
      if ((await findOpenPasswordReset(deps.db, tokenHash, at)) === null) return { ok: false, code: 'invalid_token' };
      const account = await resetPasswordWithToken(deps.db, { tokenHash, passwordHash: await passwords.hash(password), now: at });
      if (!account) return { ok: false, code: 'invalid_token' };
      accounts.forget(account.id);
      return { ok: true, ...(await issue(account, randomUUID())) };
    },
    async changePassword({ userId, currentPassword, newPassword }) {
      const row = await findUserById(deps.db, userId);
      if (!row) return { ok: false, code: 'not_found' };
      if (!hasPassword(row.passwordHash)) return { ok: false, code: 'no_password' };
      if (!(await passwords.verify(row.passwordHash, currentPassword))) return { ok: false, code: 'invalid_credentials' };
      const account = await changePassword(deps.db, {
        userId,
        currentHash: row.passwordHash,
        passwordHash: await passwords.hash(newPassword),
        now: new Date(now()),
      });
      // The password changed between the check and the write (another change, a reset): this one lost.
      if (!account) return { ok: false, code: 'invalid_credentials' };
      accounts.forget(userId);
      return { ok: true, ...(await issue(account, randomUUID())) };
    },
    stop: () => revocations.stop(),
  };
}
