import type { Role } from '../../db/queries/users.js';

/** Who is calling, as `c.var.user`. */
export interface AuthUser {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface IssuedToken {
  userId: string;
  token: string;
}

export type RegisterResult = ({ ok: true } & IssuedToken) | { ok: false; code: 'email_taken' };
export type LoginResult = ({ ok: true } & IssuedToken) | { ok: false; code: 'invalid_credentials' };

/** A verified token: the user plus what logout needs to revoke it. */
export interface Session {
  user: AuthUser;
  jti: string;
  expiresAt: Date;
}

export interface Auth {
  register(input: { email: string; password: string; name: string }): Promise<RegisterResult>;
  login(input: { email: string; password: string }): Promise<LoginResult>;
  /** null for a missing, forged, expired or revoked token. */
  verify(token: string): Promise<Session | null>;
  logout(session: Session): Promise<void>;
  /** Stops the revocation refresh timer. */
  stop(): void;
}
