import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
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

/**
 * What a client is rate limited by: its IPv4 address, or for IPv6 its /64 (one subscriber's network:
 * a single host can use millions of addresses in it, so counting per address would count nothing).
 * An IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address.
 */
export function limitKeyOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}

/** The rate-limit key of the client that sent the request (see clientIp and limitKeyOf). */
export function clientKey(c: Context, trustProxy: boolean): string {
  return limitKeyOf(clientIp(c, trustProxy));
}
