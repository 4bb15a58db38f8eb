import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Db } from '../../../db/client.js';
import { getOrCreateSecret } from '../../../db/queries/users.js';

/**
 * What the start of a sign-in leaves in the browser for its callback: the state, nonce and PKCE
 * verifier it sent the provider, and where the customer goes afterwards. Signed (so the browser cannot
 * change it) and bound to this browser (so a callback URL made in another browser, a login CSRF,
 * carries the wrong state).
 */
export interface PendingSignIn {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

export interface FlowSealer {
  seal(flow: PendingSignIn, nowMs: number): Promise<string>;
  /** null when the value is forged, changed, malformed or older than the lifetime. */
  open(value: string, nowMs: number): Promise<PendingSignIn | null>;
}

const audience = 'showtime-oidc-flow';

/** HS256 with a key kept in the database (app_secrets), so any node of a cluster can finish a sign-in. */
export function createFlowSealer(db: Db, lifetimeSeconds: number): FlowSealer {
  let key: Promise<Uint8Array> | undefined;
  const keyOf = () => {
    key ??= getOrCreateSecret(db, 'oidc_flow_key', randomBytes(32).toString('base64url'))
      .then((secret) => new TextEncoder().encode(secret))
      .catch((err: unknown) => {
        key = undefined;
        throw err;
      });
    return key;
  };
  return {
    async seal(flow, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      return new SignJWT({ ...flow })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeSeconds)
        .sign(await keyOf());
    },
    async open(value, nowMs) {
      try {
        const { payload } = await jwtVerify(value, await keyOf(), {
          algorithms: ['HS256'],
          audience,
          currentDate: new Date(nowMs),
          requiredClaims: ['exp'],
        });
        const { provider, state, nonce, codeVerifier, next } = payload;
        if ([provider, state, nonce, codeVerifier, next].some((v) => typeof v !== 'string')) return null;
        return { provider, state, nonce, codeVerifier, next } as PendingSignIn;
      } catch (err) {
        if (err instanceof errors.JOSEError) return null;
        throw err;
      }
    },
  };
}
