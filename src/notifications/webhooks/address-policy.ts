import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Whether a webhook may call this address: only globally routed unicast. Loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata service,
 * fe80::/10), carrier-grade NAT (100.64/10, where cluster networks often live), multicast, reserved
 * and unspecified addresses are refused, and so are IPv6 forms that carry an IPv4 address
 * (mapped, NAT64, 6to4, Teredo) unless the IPv4 address inside would itself pass.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** The host of a URL as an address literal (brackets of an IPv6 literal removed), or null for a name. */
function literalHost(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

/**
 * Checks a webhook URL when it is saved: an http(s) URL whose host is, or resolves only to, public
 * addresses. Sending checks again (`guardedLookup`), since what a name resolves to can change.
 */
export async function checkWebhookUrl(raw: string, opts: { allowPrivate: boolean }): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'an http or https URL' };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not accepted' };
  if (opts.allowPrivate) return { ok: true };
  const literal = literalHost(url);
  let addresses: string[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = (await resolveAll(url.hostname)).map((a) => a.address);
    } catch {
      return { ok: false, reason: 'the host name does not resolve' };
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    return {
      ok: false,
      reason: 'must be a public address: loopback, private, link-local and internal addresses are refused',
    };
  }
  return { ok: true };
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });
}

/** The error a refused address fails a call with; the sender reports it without the address. */
export class AddressNotAllowedError extends Error {
  constructor(hostname: string) {
    super(`${hostname} resolves to an address webhooks may not call`);
    this.name = 'AddressNotAllowedError';
  }
}

/**
 * A `lookup` for http.request: resolves the name and fails unless every address is public, so the
 * socket connects to an address that was checked (no second resolution an attacker's DNS could
 * answer differently). Address literals never reach a lookup: `assertPublicLiteral` covers them.
 */
export const guardedLookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || !list.every((a) => isPublicAddress(a.address))) {
      return callback(new AddressNotAllowedError(hostname), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
};

/** For a URL whose host is an address literal: refuses it unless public. */
export function assertPublicLiteral(url: URL): void {
  const literal = literalHost(url);
  if (literal !== null && !isPublicAddress(literal)) throw new AddressNotAllowedError(url.hostname);
}
