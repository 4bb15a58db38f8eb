import { errors, jwtVerify, SignJWT } from 'jose';

const audience = 'showtime:verify-email';
const issuer = 'showtime';
const TTL_SECONDS = 24 * 3600;

export interface EmailVerifier {
  /** A token that proves whoever holds it read mail sent to `email`, for 24 hours. */
  sign(user: { userId: string; email: string }, nowMs: number): Promise<string>;
  /** The account and address a token confirms; null when forged, expired or not a verification token. */
  check(token: string, nowMs: number): Promise<{ userId: string; email: string } | null>;
}

/**
 * Verification tokens are JWTs of their own audience, signed with the server's key: an access token
 * is not one (no audience) and one is not an access token (no jti, and its audience is refused).
 * Nothing is stored: the address inside must still be the account's when it is used.
 */
export function createEmailVerifier(secret: string): EmailVerifier {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(user, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      return new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.userId)
        .setAudience(audience)
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + TTL_SECONDS)
        .sign(key);
    },
    async check(token, nowMs) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer,
          audience,
          currentDate: new Date(nowMs),
          requiredClaims: ['sub', 'exp'],
        });
        if (!payload.sub || typeof payload.email !== 'string') return null;
        return { userId: payload.sub, email: payload.email };
      } catch (err) {
        if (err instanceof errors.JOSEError) return null;
        throw err;
      }
    },
  };
}
