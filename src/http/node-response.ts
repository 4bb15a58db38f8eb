import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * The node:http response under this request when it came through @hono/node-server, while its head
 * is still unwritten; undefined for a request built in process (app.request in tests, forwarding).
 *
 * Headers that every response carries are set on it directly. @hono/node-server writes a response
 * with `writeHead(status, headers)`, which merges them in with the response's own headers winning,
 * so a header set here is a default that a handler's response overrides, as `overwrite: false` means.
 * It saves building a web Headers object per response just to add them (and converting it back).
 */
export function nodeResponseOf(c: Context): ServerResponse | undefined {
  const out = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return out !== undefined && typeof out.setHeader === 'function' && !out.headersSent ? out : undefined;
}
