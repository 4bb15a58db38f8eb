import type { MiddlewareHandler } from 'hono';
import type { Placement } from '../../actors/placement/index.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requestHeader } from '../request-headers.js';

export const FORWARDED_BY = 'x-forwarded-by';

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

/**
 * Sends a request about a show to the node that owns it, at most one hop: a request that was
 * already forwarded and still lands on a non-owner (the ring changed in between) is answered with a
 * retryable 503, never forwarded again, so two nodes with different views cannot bounce it forever.
 * Response bodies are streamed, so long polls and SSE pass through.
 */
export function forwardToOwner(
  placement: Pick<Placement, 'nodeId' | 'ownerOf'>,
  showIdOf: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string | null | Promise<string | null>,
): MiddlewareHandler<AppEnv> {
  return async function forwardToOwnerMiddleware(c, next) {
    const showId = await showIdOf(c);
    if (!showId) return next();
    const owner = placement.ownerOf(showId);
    if (owner?.nodeId === placement.nodeId) return next();
    if (!owner || requestHeader(c, FORWARDED_BY)) throw notOwner();

    const incoming = new URL(c.req.url);
    const target = new URL(incoming.pathname + incoming.search, owner.url);
    const headers = new Headers();
    c.req.raw.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key)) headers.set(key, value);
    });
    headers.set(FORWARDED_BY, placement.nodeId);
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
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

/** `/api/shows/:showId/...` names its show in the path. */
export function showIdFromPath(path: string): string | null {
  const parts = path.split('/');
  return parts[1] === 'api' && parts[2] === 'shows' && parts[3] ? decodeURIComponent(parts[3]) : null;
}
