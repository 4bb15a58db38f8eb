import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../db/queries/users.js';

export interface TokenClaims {
  userId: string;
  email: string;
  name: string;
  role: Role;
  jti: string;
  expiresAt: Date;
}

const issuer = 'showtime';

export interface TokenSigner {
  sign(user: { userId: string; email: string; name: string; role: Role }, nowMs: number): Promise<string>;
  /** null when the token is forged, malformed or expired. */
  verify(token: string, nowMs: number): Promise<TokenClaims | null>;
}

/** Verified tokens kept so a busy client's token is checked cryptographically once, not per request. */
const VERIFIED_CACHE_SIZE = 50_000;

/** HS256 tokens: sub = user id, role, jti (for revocation), exp = now + ttl. */
export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, TokenClaims>();
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  };
  return {
    async sign(user, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      return new SignJWT({ role: user.role, email: user.email, name: user.name })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.userId)
        .setJti(randomUUID())
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(key);
    },
    async verify(token, nowMs) {
      const cached = verified.get(token);
      if (cached) {
        if (cached.expiresAt.getTime() > nowMs) return cached;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer,
          currentDate: new Date(nowMs),
          requiredClaims: ['sub', 'jti', 'exp'],
        });
        const { sub, jti, exp, role, email, name } = payload;
        if (!sub || !jti || !exp || (role !== 'admin' && role !== 'customer')) return null;
        if (typeof email !== 'string' || typeof name !== 'string') return null;
        const claims: TokenClaims = { userId: sub, email, name, role, jti, expiresAt: new Date(exp * 1000) };
        remember(token, claims);
        return claims;
      } catch (err) {
        if (err instanceof errors.JOSEError) return null;
        throw err;
      }
    },
  };
}
