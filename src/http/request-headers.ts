import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * One request header, as `c.req.header(name)` reads it (repeated headers joined with ", "), for a
 * lower-case `name`. Through @hono/node-server it is read from the node request's raw header list,
 * because the first `c.req.header()` builds a web Headers object of every header (validating each),
 * which the hot routes otherwise pay for on every request only to read three or four of them.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (raw === undefined) return c.req.header(name);
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) {
      found = found === undefined ? raw[i + 1]! : `${found}, ${raw[i + 1]!}`;
    }
  }
  return found;
}
