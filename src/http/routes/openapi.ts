import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';

type DocumentConfig = Parameters<OpenAPIHono<AppEnv>['getOpenAPI31Document']>[0];
type Document = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const integerHeader = (description: string) => ({ description, schema: { type: 'integer' as const, minimum: 0 } });

/**
 * Answers that middleware can give on any /api route, whatever the route itself declares: an API
 * key over its quota, or a route's own limit (429); an unknown or revoked API key (401).
 */
const sharedResponses = {
  RateLimited: {
    description:
      'rate_limited: a limit or the X-Api-Key quota is used up (sign-in and registration per IP, ' +
      'holds and waitlist joins per user, requests per API key per hour)',
    headers: {
      'Retry-After': integerHeader('Seconds until a retry can succeed'),
      'RateLimit-Limit': integerHeader('Requests allowed in the window'),
      'RateLimit-Remaining': integerHeader('Requests left in the window'),
      'RateLimit-Reset': integerHeader('Seconds until the window resets'),
      'RateLimit-Policy': {
        description: 'The limit and its window, e.g. `1000;w=3600`',
        schema: { type: 'string' as const },
      },
    },
    content: problem,
  },
  InvalidApiKey: {
    description:
      'invalid_api_key: the X-Api-Key sent is unknown or revoked (or, where the route needs one, no valid bearer token)',
    content: problem,
  },
};

/** The generated document plus what the middleware in front of every /api route may answer. */
export function withSharedResponses(doc: Document): Document {
  doc.components ??= {};
  doc.components.responses = { ...doc.components.responses, ...sharedResponses };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith('/api/')) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses ??= {};
      operation.responses['429'] ??= { $ref: '#/components/responses/RateLimited' };
      operation.responses['401'] ??= { $ref: '#/components/responses/InvalidApiKey' };
    }
  }
  return doc;
}

/**
 * `/openapi.json`, built from the zod schemas of every route on first request (all routes are
 * registered by then) and kept: it cannot change while the process runs.
 */
export function openApiRoutes(app: OpenAPIHono<AppEnv>, config: DocumentConfig) {
  let doc: Document | undefined;
  return new Hono<AppEnv>().get('/openapi.json', (c) => {
    doc ??= withSharedResponses(app.getOpenAPI31Document(config));
    return c.json(doc);
  });
}
