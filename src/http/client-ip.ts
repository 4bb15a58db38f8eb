import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/** The key every request without a socket shares (app.request() in tests, other in-process callers). */
export const NO_SOCKET = 'no-socket';

/**
 * The address a request came from. For a request another node forwarded (and signed: see
 * verifyForwarded), the address that node saw. Otherwise, with `trustProxy`, the last
 * X-Forwarded-For entry: the one the proxy in front appended, the only one it vouches for (entries
 * before it are whatever the client sent). Without it the header is ignored, since anyone can send it.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  const viaNode = (c as Context<AppEnv>).get('forwarded');
  if (viaNode) return viaNode.clientIp;
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return NO_SOCKET;
  return getConnInfo(c).remote.address ?? NO_SOCKET;
}
