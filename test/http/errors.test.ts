import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { OverloadedError, ShowNotFoundError } from '../../src/actors/runtime/types.js';
import { CatalogError } from '../../src/db/queries/catalog-errors.js';
import type { AppEnv } from '../../src/http/app-env.js';
import { ApiError, createErrorHandler, handleNotFound } from '../../src/http/errors.js';
import { requestId } from '../../src/http/middleware/request-id.js';
import { silentLog } from './harness.js';

/** A bare app whose one route throws what it is given, with the real error mapping. */
function throwing(err: unknown) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestId(silentLog));
  app.get('/boom', () => {
    throw err;
  });
  app.onError(createErrorHandler(silentLog));
  app.notFound(handleNotFound);
  return app;
}

async function problem(err: unknown) {
  const res = await throwing(err).request('/boom');
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('error mapping', () => {
  it('hides unknown errors behind internal_error with the request id', async () => {
    const { status, body, headers } = await problem(new Error('select password_hash from users -- oops'));
    expect(status).toBe(500);
    expect(body.code).toBe('internal_error');
    expect(body.requestId).toBe(headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toContain('password_hash');
    expect(JSON.stringify(body)).not.toContain('errors.test');
  });

  it('maps an overloaded runtime to 503 with Retry-After', async () => {
    const { status, body, headers } = await problem(new OverloadedError('queue full', 2.5));
    expect(status).toBe(503);
    expect(body.code).toBe('overloaded');
    expect(headers.get('retry-after')).toBe('3');
  });

  it('maps an unknown show to 404 and catalog refusals to 422 / 404', async () => {
    expect((await problem(new ShowNotFoundError('s1'))).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await problem(new CatalogError('validation_failed', 'no price for "vip"'))).body).toMatchObject({
      status: 422,
      code: 'validation_failed',
      detail: 'no price for "vip"',
    });
    expect((await problem(new CatalogError('not_found', 'hall h1 not found'))).status).toBe(404);
  });

  it('writes an ApiError as RFC 9457 problem+json', async () => {
    const { status, body } = await problem(new ApiError('hold_expired', 410, 'too late'));
    expect(status).toBe(410);
    expect(body).toEqual({
      type: expect.stringContaining('hold-expired'),
      title: expect.any(String),
      status: 410,
      detail: 'too late',
      code: 'hold_expired',
    });
  });

  it('answers unknown paths with a 404 problem', async () => {
    const res = await throwing(null).request('/nowhere');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });
});
