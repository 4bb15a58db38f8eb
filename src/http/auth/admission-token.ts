import { hkdfSync } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

const audience = 'showtime:admission';
const issuer = 'showtime';
/** Tokens remembered, signed or verified, so a poll or a hold costs no signature per request. */
const CACHE_SIZE = 50_000;

export interface AdmissionClaims {
  accountId: string;
  showId: string;
  ticket: number;
  /** Epoch ms: the turn's end. */
  expiresAt: number;
}

export interface AdmissionTokens {
  /** A token for an admitted turn, valid until the turn ends. */
  sign(claims: AdmissionClaims): Promise<string>;
  /** The claims of a genuine, unexpired admission token; null otherwise. */
  verify(token: string, nowMs: number): Promise<AdmissionClaims | null>;
}

/**
 * Admission tokens are JWTs (HS256) signed with a key of their own, derived from the server's JWT
 * secret for this purpose only (HKDF), so no other token of the server is one and a leaked
 * admission token signs nobody in. Claims: sub = account, showId, ticket, exp = the turn's end.
 * The hold endpoints also ask the room whether the turn is still live, so a turn that ended early
 * (confirmed, released, revoked) stops its token at once.
 */
export function createAdmissionTokens(jwtSecret: () => Promise<string>): AdmissionTokens {
  let key: Promise<Uint8Array> | null = null;
  const keyOf = () =>
    (key ??= jwtSecret().then(
      (secret) => new Uint8Array(hkdfSync('sha256', secret, 'showtime', 'admission-token', 32)),
    ));
  const signed = new Map<string, string>();
  const verified = new Map<string, AdmissionClaims>();
  const remember = <V>(cache: Map<string, V>, k: string, v: V) => {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(k, v);
  };
  return {
    async sign(claims) {
      const id = `${claims.showId}\n${claims.accountId}\n${claims.ticket}\n${claims.expiresAt}`;
      const cached = signed.get(id);
      if (cached) return cached;
      const token = await new SignJWT({ showId: claims.showId, ticket: claims.ticket })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.accountId)
        .setAudience(audience)
        .setIssuer(issuer)
        .setExpirationTime(Math.ceil(claims.expiresAt / 1000))
        .sign(await keyOf());
      remember(signed, id, token);
      return token;
    },
    async verify(token, nowMs) {
      const cached = verified.get(token);
      if (cached) return cached.expiresAt > nowMs ? cached : null;
      try {
        const { payload } = await jwtVerify(token, await keyOf(), {
          algorithms: ['HS256'],
          audience,
          issuer,
          currentDate: new Date(nowMs),
          requiredClaims: ['sub', 'exp'],
        });
        const { sub, exp, showId, ticket } = payload;
        if (!sub || !exp || typeof showId !== 'string' || typeof ticket !== 'number') return null;
        const claims = { accountId: sub, showId, ticket, expiresAt: exp * 1000 };
        remember(verified, token, claims);
        return claims;
      } catch (err) {
        if (err instanceof errors.JOSEError) return null;
        throw err;
      }
    },
  };
}
