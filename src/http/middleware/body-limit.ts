import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';

/**
 * Refuses bodies over `maxBytes` with 413. A declared Content-Length is checked from the header
 * alone; Hono's streaming limiter is only used for chunked bodies, because it reads the body as a
 * web stream, which costs a full Request object per call on the hot hold path.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', 413, `Request bodies are limited to ${maxBytes} bytes`);
  };
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBody(c, next) {
    const declared = c.req.header('content-length');
    if (declared === undefined) return streaming(c, next);
    if (Number(declared) > maxBytes) tooLarge();
    await next();
  };
}
