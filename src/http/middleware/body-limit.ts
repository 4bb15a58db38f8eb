import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';
import { requestHeader } from '../request-headers.js';

/**
 * Refuses bodies over `maxBytes` with 413. A declared Content-Length is checked from the header
 * alone, and a request with neither Content-Length nor Transfer-Encoding has no body at all; Hono's
 * streaming limiter is kept for chunked bodies only, because it reads the body as a web stream, which
 * costs a full Request object per call on the hot hold and release paths.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', 413, `Request bodies are limited to ${maxBytes} bytes`);
  };
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBody(c, next) {
    const declared = requestHeader(c, 'content-length');
    if (declared === undefined) {
      // Over HTTP/1.1 a body without Content-Length is chunked; a Request built in-process (tests,
      // app.request) carries no framing headers, so only a real Node request can skip the check.
      const fromNode = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
      if (fromNode && requestHeader(c, 'transfer-encoding') === undefined) return next();
      return streaming(c, next);
    }
    if (Number(declared) > maxBytes) tooLarge();
    await next();
  };
}
