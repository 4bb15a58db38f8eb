import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Nodes forward a show's requests to its owner, and the owner believes what the forwarding node says
 * about them: that it was forwarded (so never again) and from which client address (for the per-IP
 * limits). So a forwarded request carries an HMAC, with the cluster secret, over everything it
 * claims: method, path and query, a hash of the body, when it was signed, the forwarding node and the
 * client address. Anyone who can reach a node but does not hold the secret cannot make one.
 */

export const FORWARDED_BY = 'x-forwarded-by';
export const FORWARDED_AT = 'x-showtime-forwarded-at';
export const FORWARDED_CLIENT_IP = 'x-showtime-client-ip';
export const FORWARD_SIGNATURE = 'x-showtime-signature';

/**
 * How long a signature is accepted, either side of the receiver's clock: a forward takes
 * milliseconds, the rest is room for clocks that disagree a little. A captured request can be
 * replayed only this long, and only as it was (the idempotency key still applies).
 */
export const FORWARD_VALIDITY_MS = 30_000;

const EMPTY_BODY_HASH = createHash('sha256').digest('base64url');

export interface ForwardClaims {
  method: string;
  /** Path and query as sent, e.g. `/api/shows/s1/holds?x=1`. */
  target: string;
  body: Uint8Array | undefined;
  /** The forwarding node. */
  by: string;
  /** The client's address as the forwarding node saw it. */
  clientIp: string;
  at: number;
}

function mac(secret: string, claims: ForwardClaims): Buffer {
  const bodyHash =
    claims.body && claims.body.byteLength > 0
      ? createHash('sha256').update(claims.body).digest('base64url')
      : EMPTY_BODY_HASH;
  // Header values cannot hold a newline, so the fields cannot run into each other.
  const text = ['v1', claims.method.toUpperCase(), claims.target, bodyHash, claims.at, claims.by, claims.clientIp];
  return createHmac('sha256', secret).update(text.join('\n')).digest();
}

/** The headers that make a forwarded request: who forwarded it, for whom, when, and the signature. */
export function signForward(secret: string, claims: ForwardClaims): Record<string, string> {
  return {
    [FORWARDED_BY]: claims.by,
    [FORWARDED_CLIENT_IP]: claims.clientIp,
    [FORWARDED_AT]: String(claims.at),
    [FORWARD_SIGNATURE]: mac(secret, claims).toString('base64url'),
  };
}

export type ForwardCheck =
  { ok: true; by: string; clientIp: string } | { ok: false; reason: 'unsigned' | 'expired' | 'bad_signature' };

/** Checks a request that says it was forwarded (it carries `x-forwarded-by`). */
export function verifyForward(
  secret: string,
  request: {
    method: string;
    target: string;
    body: Uint8Array | undefined;
    header: (name: string) => string | undefined;
  },
  now: number,
): ForwardCheck {
  const by = request.header(FORWARDED_BY);
  const signature = request.header(FORWARD_SIGNATURE);
  const at = Number(request.header(FORWARDED_AT));
  const clientIp = request.header(FORWARDED_CLIENT_IP) ?? '';
  if (!by || !signature || !Number.isSafeInteger(at)) return { ok: false, reason: 'unsigned' };
  if (Math.abs(now - at) > FORWARD_VALIDITY_MS) return { ok: false, reason: 'expired' };
  const expected = mac(secret, {
    method: request.method,
    target: request.target,
    body: request.body,
    by,
    clientIp,
    at,
  });
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true, by, clientIp };
}
