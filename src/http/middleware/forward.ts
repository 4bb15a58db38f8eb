import type { MiddlewareHandler } from 'hono';
import type { Placement } from '../../actors/placement/index.js';
import type { AppEnv } from '../app-env.js';
import { clientIp } from '../client-ip.js';
import { ApiError } from '../errors.js';
import { FORWARDED_BY, signForward, verifyForward } from '../forward-signature.js';
import { requestHeader } from '../request-headers.js';

// Headers that describe one connection, not the request, and must not be copied across a hop.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

const notOwner = () =>
  new ApiError('not_owner', 503, 'The show is moving between nodes; retry shortly', {
    headers: { 'retry-after': '1' },
  });

const hasNoBody = (method: string) => method === 'GET' || method === 'HEAD';

/** Path and query as the request line has them: what a forward signature covers. */
function targetOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/**
 * Refuses a request that says it was forwarded (`x-forwarded-by`) unless another node signed it
 * with the cluster secret, and marks one that was (`c.var.forwarded`): only then are the forwarding
 * headers believed, the client address among them. Requests that claim nothing pass at the cost of
 * one header lookup.
 */
export function verifyForwarded(secret: string | undefined): MiddlewareHandler<AppEnv> {
  return async function verifyForwardedMiddleware(c, next) {
    if (requestHeader(c, FORWARDED_BY) === undefined) return next();
    const refused = (why: string) =>
      new ApiError(
        'invalid_forward_signature',
        401,
        `A forwarded request must be signed by a node of this cluster: ${why}`,
      );
    if (!secret) throw refused('this node has no cluster secret');
    const method = c.req.method;
    const body = hasNoBody(method) ? undefined : new Uint8Array(await c.req.arrayBuffer());
    const check = verifyForward(
      secret,
      { method, target: targetOf(c.req.url), body, header: (name) => requestHeader(c, name) },
      Date.now(),
    );
    if (!check.ok) {
      throw refused(
        check.reason === 'unsigned'
          ? 'it is not signed'
          : check.reason === 'expired'
            ? 'the signature is too old (or the clocks disagree)'
            : 'the signature does not match',
      );
    }
    c.set('forwarded', { by: check.by, clientIp: check.clientIp });
    return next();
  };
}

/**
 * Sends a request about a show to the node that owns it, at most one hop: a request that was
 * already forwarded and still lands on a non-owner (the ring changed in between) is answered with a
 * retryable 503, never forwarded again, so two nodes with different views cannot bounce it forever.
 * The forwarded request is signed (see forward-signature.ts) and names the client's address.
 * Response bodies are streamed, so long polls and SSE pass through.
 */
export function forwardToOwner(
  placement: Pick<Placement, 'nodeId' | 'ownerOf'>,
  showIdOf: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string | null | Promise<string | null>,
  signing: { secret: string; trustProxy: boolean },
): MiddlewareHandler<AppEnv> {
  return async function forwardToOwnerMiddleware(c, next) {
    const showId = await showIdOf(c);
    if (!showId) return next();
    const owner = placement.ownerOf(showId);
    if (owner?.nodeId === placement.nodeId) return next();
    if (!owner || c.get('forwarded')) throw notOwner();

    const path = targetOf(c.req.url);
    const target = new URL(path, owner.url);
    const headers = new Headers();
    c.req.raw.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key)) headers.set(key, value);
    });
    const method = c.req.method;
    const body = hasNoBody(method) ? undefined : new Uint8Array(await c.req.arrayBuffer());
    const signed = signForward(signing.secret, {
      method,
      target: path,
      body,
      by: placement.nodeId,
      clientIp: clientIp(c, signing.trustProxy),
      at: Date.now(),
    });
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    let res: Response;
    try {
      res = await fetch(target, { method, headers, body, signal: c.req.raw.signal, redirect: 'manual' });
    } catch (err) {
      c.get('log').warn({ err, owner: owner.nodeId, showId }, 'forwarding failed');
      throw notOwner();
    }
    const out = new Headers();
    res.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key)) out.set(key, value);
    });
    out.set('x-request-id', c.get('requestId'));
    return new Response(res.body, { status: res.status, headers: out });
  };
}

const SHOWS_PREFIX = '/api/shows/';

/**
 * `/api/shows/:showId/...` names its show in the path. Read with indexOf rather than split: it runs
 * on every show request, and an id needs decoding only if it has an escape in it.
 */
export function showIdFromPath(path: string): string | null {
  if (!path.startsWith(SHOWS_PREFIX)) return null;
  const end = path.indexOf('/', SHOWS_PREFIX.length);
  const segment = end === -1 ? path.slice(SHOWS_PREFIX.length) : path.slice(SHOWS_PREFIX.length, end);
  if (segment === '') return null;
  return segment.includes('%') ? decodeURIComponent(segment) : segment;
}
