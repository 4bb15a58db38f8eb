import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodType } from 'zod';
import { $ZodAsyncError } from 'zod/v4/core';
import type { AppEnv } from './app-env.js';
import { requestHeader } from './request-headers.js';
import { validationHook } from './validation.js';

type Target = 'param' | 'header' | 'json';
type Parsed = ReturnType<ZodType['safeParse']>;

// What @hono/zod-openapi and Hono's validator accept as JSON (kept identical, so answers are too).
const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;
const jsonRequest = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * The same route, validated by one middleware instead of @hono/zod-openapi's chain of four (params,
 * headers, media type, JSON body), for the routes on an on-sale's hot path. The same zod schemas
 * validate in the same order and a failure reaches the same hook (validation.ts), so answers are the
 * same; what is saved is three async middleware per request, a web Headers object of every request
 * header (only the declared ones are read), and zod's async parse (used only if a schema needs it).
 * The route is registered in the OpenAPI document exactly as `openapi()` would, at the same point.
 *
 * Use: `router.openapi(leanValidation(router, route), handler)`. Only params, headers (a plain
 * z.object) and a required JSON body are supported; anything else is refused when the app is built.
 */
export function leanValidation<R extends RouteConfig>(router: OpenAPIHono<AppEnv>, route: R): R {
  const { middleware, hide, ...documented } = route;
  if (!hide) router.openAPIRegistry.registerPath(documented);
  const before = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
  // The handler keeps the types of `route`; the request part only moves into validateRequest.
  return { ...route, hide: true, request: undefined, middleware: [...before, validateRequest(route)] } as R;
}

function validateRequest(route: RouteConfig): MiddlewareHandler<AppEnv> {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const { params, headers, body, ...other } = route.request ?? {};
  if (Object.keys(other).length > 0) throw new Error(`leanValidation(${where}): only params, headers and body`);
  const paramSchema = params as ZodType | undefined;
  const headerNames = headers === undefined ? [] : declaredHeaders(headers, where);
  const headerSchema = headers as ZodType | undefined;
  let bodySchema: ZodType | undefined;
  if (body !== undefined) {
    const types = Object.keys(body.content);
    if (!body.required || types.length !== 1 || types[0] !== 'application/json') {
      throw new Error(`leanValidation(${where}): only a required application/json body`);
    }
    bodySchema = (body.content['application/json'] as { schema: ZodType }).schema;
  }

  return async function validateRequestMiddleware(c, next) {
    if (paramSchema) {
      const value = c.req.param();
      const result = parse(paramSchema, value);
      accept(c, 'param', value, result instanceof Promise ? await result : result);
    }
    if (headerSchema) {
      const value: Record<string, string> = {};
      for (const name of headerNames) {
        const found = requestHeader(c, name.toLowerCase());
        if (found !== undefined) value[name] = found;
      }
      const result = parse(headerSchema, value);
      accept(c, 'header', value, result instanceof Promise ? await result : result);
    }
    if (bodySchema) {
      const contentType = requestHeader(c, 'content-type');
      if (contentType !== undefined ? !jsonRequest.test(contentType) : await hasRequestBody(c)) {
        throw new HTTPException(415, { message: 'Unsupported Media Type' });
      }
      let value: unknown = {};
      if (contentType !== undefined && jsonMediaType.test(contentType.split(';')[0]!.trim().toLowerCase())) {
        try {
          value = await c.req.json();
        } catch {
          throw new HTTPException(400, { message: 'Malformed JSON in request body' });
        }
      }
      const result = parse(bodySchema, value);
      accept(c, 'json', value, result instanceof Promise ? await result : result);
    }
    await next();
  };
}

/** The header names of a plain (non-strict, non-passthrough) z.object: then reading only them parses the same. */
function declaredHeaders(schema: unknown, where: string): string[] {
  const def = (schema as { _zod?: { def?: { type?: string; catchall?: unknown; shape?: object } } })._zod?.def;
  if (def?.type !== 'object' || def.catchall !== undefined || !def.shape) {
    throw new Error(`leanValidation(${where}): headers must be a plain z.object`);
  }
  return Object.keys(def.shape);
}

/** zod's synchronous parse; its async one only for a schema that needs it (none of the hot ones do). */
function parse(schema: ZodType, value: unknown): Parsed | Promise<Parsed> {
  try {
    return schema.safeParse(value);
  } catch (err) {
    if (err instanceof $ZodAsyncError) return schema.safeParseAsync(value);
    throw err;
  }
}

function accept(c: Context<AppEnv>, target: Target, data: unknown, result: Parsed): void {
  if (result.success) c.req.addValidatedData(target, result.data as Record<string, unknown>);
  // Throws the one validation_failed answer.
  else validationHook({ ...result, data, target } as unknown as Parameters<typeof validationHook>[0], c);
}

/** Whether a request without Content-Type sent a body anyway (then 415, as @hono/zod-openapi answers). */
async function hasRequestBody(c: Context<AppEnv>): Promise<boolean> {
  const raw = c.req.raw;
  if (raw.body === null) return false;
  if (raw.bodyUsed) return (await c.req.arrayBuffer()).byteLength > 0;
  const stream = raw.clone().body;
  if (stream === null) return false;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
