import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import {
  createOidcUser,
  failOidcHandoff,
  findOidcAccount,
  findOidcHandoff,
  insertOidcHandoff,
  linkOidcAccount,
  pruneOidcHandoffs,
  useOidcHandoff,
} from '../../../db/queries/oidc.js';
import { markEmailVerified } from '../../../db/queries/sessions.js';
import { findUserByEmail, findUserById, normalizeEmail } from '../../../db/queries/users.js';
import { createPasswordHasher, hasPassword, NO_PASSWORD_OIDC } from '../passwords.js';
import type { Auth, IssuedToken } from '../types.js';

/** What a provider's verified ID token says about the customer. */
export interface OidcIdentity {
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** Where a callback leads: a one-time code for the web page, or a refusal the page explains. */
export type CallbackOutcome =
  | {
      ok: true;
      code: string;
      kind: 'signIn' | 'link';
      /** Set when this sign-in made the account and its address is not verified: it gets the verification email. */
      toVerify?: { userId: string; email: string };
    }
  | { ok: false; code: 'no_email' | 'email_unverified' | 'no_password' };

export type RedeemOutcome =
  | ({ ok: true } & IssuedToken)
  | { ok: false; code: 'invalid_code' }
  | { ok: false; code: 'password_required'; email: string }
  | { ok: false; code: 'invalid_credentials'; attemptsLeft: number };

export interface OidcAccounts {
  /** Decides what an identity signs in to, creating the account at its first sign-in. */
  afterCallback(identity: OidcIdentity): Promise<CallbackOutcome>;
  /** Trades a code for a sign-in; a link code needs the existing account's password. */
  redeem(code: string, password: string | undefined): Promise<RedeemOutcome>;
}

/** Wrong passwords a link code survives: each code came from a fresh sign-in at the provider. */
export const LINK_ATTEMPTS = 5;

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

const nameOf = (identity: OidcIdentity, email: string) =>
  (identity.name?.trim() || email.split('@')[0] || email).slice(0, 100);

export function createOidcAccounts(deps: {
  db: Db;
  auth: Auth;
  now: () => number;
  handoffTtlSeconds: number;
}): OidcAccounts {
  const { db, auth } = deps;
  const passwords = createPasswordHasher();

  async function handoff(kind: 'signIn' | 'link', userId: string, identity: OidcIdentity) {
    const code = randomBytes(32).toString('base64url');
    const now = deps.now();
    await insertOidcHandoff(db, {
      codeHash: hashOf(code),
      kind,
      userId,
      provider: identity.provider,
      subject: identity.subject,
      email: identity.email,
      expiresAt: new Date(now + deps.handoffTtlSeconds * 1000),
    });
    void pruneOidcHandoffs(db, new Date(now)).catch(() => {});
    return { ok: true as const, code, kind };
  }

  async function afterCallback(identity: OidcIdentity): Promise<CallbackOutcome> {
    const linked = await findOidcAccount(db, identity.provider, identity.subject);
    if (linked) return handoff('signIn', linked, identity);
    if (!identity.email) return { ok: false, code: 'no_email' };
    const email = normalizeEmail(identity.email);
    const existing = await findUserByEmail(db, email);
    if (!existing) {
      const userId = await createOidcUser(db, {
        userId: randomUUID(),
        email,
        name: nameOf(identity, email),
        passwordHash: NO_PASSWORD_OIDC,
        emailVerified: identity.emailVerified,
        provider: identity.provider,
        subject: identity.subject,
      });
      // null: an account took the address in the meantime; decide again against it.
      if (!userId) return afterCallback(identity);
      const signIn = await handoff('signIn', userId, identity);
      return identity.emailVerified ? signIn : { ...signIn, toVerify: { userId, email } };
    }
    // Whoever controls an identity with an unverified address could claim anyone's account with it.
    if (!identity.emailVerified) return { ok: false, code: 'email_unverified' };
    if (!hasPassword(existing.passwordHash)) return { ok: false, code: 'no_password' };
    return handoff('link', existing.id, { ...identity, email });
  }

  return {
    afterCallback,
    async redeem(code, password) {
      const codeHash = hashOf(code);
      const now = new Date(deps.now());
      const row = await findOidcHandoff(db, codeHash, now);
      if (!row) return { ok: false, code: 'invalid_code' };
      if (row.kind === 'link') {
        const account = await findUserById(db, row.userId);
        if (!account) return { ok: false, code: 'invalid_code' };
        if (password === undefined) return { ok: false, code: 'password_required', email: account.email };
        if (!(await passwords.verify(account.passwordHash, password))) {
          const attemptsLeft = await failOidcHandoff(db, codeHash, LINK_ATTEMPTS, now);
          return { ok: false, code: 'invalid_credentials', attemptsLeft };
        }
      }
      if (!(await useOidcHandoff(db, codeHash, now))) return { ok: false, code: 'invalid_code' };
      let userId = row.userId;
      if (row.kind === 'link') {
        userId = await linkOidcAccount(db, {
          provider: row.provider,
          subject: row.subject,
          userId: row.userId,
          email: row.email,
        });
        // The provider vouched for the address and the customer proved the password: it is theirs.
        if (row.email) await markEmailVerified(db, row.userId, row.email);
      }
      const issued = await auth.signIn(userId);
      return issued ? { ok: true, ...issued } : { ok: false, code: 'invalid_code' };
    },
  };
}
