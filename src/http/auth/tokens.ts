import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * What an access token says. The role is not in it: the role, like the token version, is read from
 * the account (cached briefly), so a demotion or "sign out everywhere" does not wait for the expiry.
 */
export interface TokenClaims {
  userId: string;
  /** The account's token version when it was issued; a higher one in the account refuses it. */
  version: number;
  /** The sign-in (refresh token family) it belongs to; logout ends that sign-in. */
  sessionId: string | null;
  jti: string;
  expiresAt: Date;
}

const issuer = 'showtime';

export interface TokenSigner {
  sign(
    subject: { userId: string; version: number; sessionId: string },
    nowMs: number,
  ): Promise<{ token: string; expiresAt: Date }>;
  /** null when the token is forged, malformed or expired. */
  verify(token: string, nowMs: number): Promise<TokenClaims | null>;
}

/** Verified tokens kept so a busy client's token is checked cryptographically once, not per request. */
const VERIFIED_CACHE_SIZE = 50_000;

/** HS256 tokens: sub = user id, ver, sid, jti (for revocation), exp = now + ttl. */
export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, TokenClaims>();
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  };
  return {
    async sign(subject, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const token = await new SignJWT({ ver: subject.version, sid: subject.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject.userId)
        .setJti(randomUUID())
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(key);
      return { token, expiresAt: new Date((iat + ttlSeconds) * 1000) };
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
        const { sub, jti, exp, ver, sid } = payload;
        if (!sub || !jti || !exp) return null;
        // Tokens issued before versions existed count as version 0.
        const version = ver === undefined ? 0 : ver;
        if (typeof version !== 'number' || !Number.isInteger(version)) return null;
        const claims: TokenClaims = {
          userId: sub,
          version,
          sessionId: typeof sid === 'string' ? sid : null,
          jti,
          expiresAt: new Date(exp * 1000),
        };
        remember(token, claims);
        return claims;
      } catch (err) {
        if (err instanceof errors.JOSEError) return null;
        throw err;
      }
    },
  };
}
