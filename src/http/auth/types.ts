import type { Role } from '../../db/queries/users.js';

/** Who is calling, as `c.var.user`. */
export interface AuthUser {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** A sign-in: a short-lived access token and the refresh token that gets the next one. */
export interface IssuedToken {
  userId: string;
  token: string;
  /** When `token` stops working. */
  expiresAt: Date;
  refreshToken: string;
}

export type RegisterResult = ({ ok: true } & IssuedToken) | { ok: false; code: 'email_taken' };
export type LoginResult = ({ ok: true } & IssuedToken) | { ok: false; code: 'invalid_credentials' };
export type RefreshResult = ({ ok: true } & IssuedToken) | { ok: false };
export type PasswordResetResult = ({ ok: true } & IssuedToken) | { ok: false; code: 'invalid_token' };
export type PasswordChangeResult =
  | ({ ok: true } & IssuedToken)
  | { ok: false; code: 'not_found' | 'no_password' | 'invalid_credentials' };

/** A verified token: the user plus what logout needs to revoke it. */
export interface Session {
  user: AuthUser;
  jti: string;
  expiresAt: Date;
  /** The sign-in it belongs to (null for tokens issued before refresh tokens existed). */
  sessionId: string | null;
}

export interface Auth {
  register(input: { email: string; password: string; name: string }): Promise<RegisterResult>;
  login(input: { email: string; password: string }): Promise<LoginResult>;
  /**
   * A new sign-in for an account whose owner proved who they are some other way (an OpenID Connect
   * provider); null when the account no longer exists.
   */
  signIn(userId: string): Promise<IssuedToken | null>;
  /** A new access token and a new refresh token for an unused refresh token (which is then used up). */
  refresh(refreshToken: string): Promise<RefreshResult>;
  /** null for a missing, forged, expired or revoked token, a deleted account or an older token version. */
  verify(token: string): Promise<Session | null>;
  /** Ends this sign-in: the access token and its refresh tokens. */
  logout(session: Session): Promise<void>;
  /** Ends every sign-in of the account, on every device. */
  logoutEverywhere(userId: string): Promise<void>;
  /** This node stops trusting what it cached of the account (its role changed here). */
  forget(userId: string): void;
  /** The token of an email verification link for the account's current address. */
  verificationToken(user: { userId: string; email: string }): Promise<string>;
  /** Marks the address a verification token names verified, if it is still the account's. */
  confirmEmail(token: string): Promise<{ ok: true; userId: string; email: string } | { ok: false }>;
  /**
   * A random single-use token for a password reset link of the account (only its hash is stored),
   * working until `expiresAt`; null for an account whose password cannot be set (an erased one).
   */
  passwordResetToken(user: { userId: string; passwordHash: string }): Promise<{ token: string; expiresAt: Date } | null>;
  /** How long a reset link works, in minutes (for the email's text). */
  readonly passwordResetMinutes: number;
  /**
   * Sets the password with a reset token, once: ends every sign-in of the account, marks its address
   * verified (the link was mailed to it) and signs in anew.
   */
  resetPassword(token: string, password: string): Promise<PasswordResetResult>;
  /**
   * Sets a new password after checking the current one: ends every sign-in of the account and signs
   * in anew (the caller keeps going with the new tokens). An account without a password (made by an
   * OIDC sign-in) gets its first one through a reset link instead.
   */
  changePassword(input: { userId: string; currentPassword: string; newPassword: string }): Promise<PasswordChangeResult>;
  /** Stops the revocation refresh timer. */
  stop(): void;
}
