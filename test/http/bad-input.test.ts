import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type CallResult, type TestApp } from './harness.js';

let t: TestApp;
let showId: string;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  showId = await t.createShow();
  ({ token } = await t.register());
});
afterAll(async () => {
  await t?.close();
});

function expectProblem(res: CallResult, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({
    status,
    code,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|select |insert into/i);
}

/** Nothing may have changed: no hold rows, every seat still available. */
async function expectUntouched() {
  await t.runtime.readModelsCaughtUp(showId);
  const [row] = await t.tdb.sql<{ n: number }[]>`select count(*)::int as n from holds`;
  expect(row?.n).toBe(0);
  const seats = await t.call('GET', `/api/shows/${showId}/seats`);
  expect(seats.status).toBe(200);
  expect(seats.body.seats.every((s: { status: string }) => s.status === 'available')).toBe(true);
}

const holdPath = () => `/api/shows/${showId}/holds`;

describe('bad input is refused with problem+json and changes nothing', () => {
  beforeEach(async () => {
    await expectUntouched();
  });

  it('malformed JSON', async () => {
    const res = await t.call('POST', holdPath(), { token, body: '{"seats": ["A-1",' });
    expectProblem(res, 400, 'validation_failed');
    await expectUntouched();
  });

  it('wrong types, listing the offending fields', async () => {
    const res = await t.call('POST', holdPath(), { token, body: { quantity: 'two', category: 7 } });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['category', 'quantity']);
    await expectUntouched();
  });

  it('both seats and quantity, or neither', async () => {
    expectProblem(
      await t.call('POST', holdPath(), { token, body: { seats: ['A-1'], quantity: 1 } }),
      400,
      'validation_failed',
    );
    expectProblem(await t.call('POST', holdPath(), { token, body: {} }), 400, 'validation_failed');
    expectProblem(await t.call('POST', holdPath(), { token, body: { seats: [] } }), 400, 'validation_failed');
    await expectUntouched();
  });

  it('a body that is not JSON at all', async () => {
    const res = await t.call('POST', holdPath(), {
      token,
      body: 'seats=A-1',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415, 'unsupported_media_type');
    await expectUntouched();
  });

  it('an unknown show', async () => {
    expectProblem(
      await t.call('POST', '/api/shows/no-such-show/holds', { token, body: { quantity: 1 } }),
      404,
      'not_found',
    );
    expectProblem(await t.call('GET', '/api/shows/no-such-show'), 404, 'not_found');
    expectProblem(await t.call('GET', '/api/shows/no-such-show/seats'), 404, 'not_found');
    await expectUntouched();
  });

  it('an unknown seat, named in the detail', async () => {
    const res = await t.call('POST', holdPath(), { token, body: { seats: ['A-1', 'Z-99'] } });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.detail).toMatch(/unknown seats?: Z-99$/i);
    expect(res.body.errors).toEqual([{ path: 'seats', message: expect.stringContaining('Z-99') }]);
    await expectUntouched();
  });

  it('an unknown category', async () => {
    expectProblem(
      await t.call('POST', holdPath(), { token, body: { quantity: 1, category: 'royal-box' } }),
      400,
      'validation_failed',
    );
    await expectUntouched();
  });

  it('11 seats in one order', async () => {
    const seats = [
      ...Array.from({ length: 5 }, (_, i) => `A-${i + 1}`),
      ...Array.from({ length: 5 }, (_, i) => `B-${i + 1}`),
      'A-1',
    ];
    const res = await t.call('POST', holdPath(), { token, body: { seats } });
    expectProblem(res, 400, 'too_many_seats');
    expectProblem(await t.call('POST', holdPath(), { token, body: { quantity: 11 } }), 400, 'too_many_seats');
    await expectUntouched();
  });

  it('a negative or zero quantity', async () => {
    expectProblem(await t.call('POST', holdPath(), { token, body: { quantity: -2 } }), 400, 'validation_failed');
    expectProblem(await t.call('POST', holdPath(), { token, body: { quantity: 0 } }), 400, 'validation_failed');
    expectProblem(await t.call('POST', holdPath(), { token, body: { quantity: 1.5 } }), 400, 'validation_failed');
    await expectUntouched();
  });

  it('a missing token', async () => {
    expectProblem(await t.call('POST', holdPath(), { body: { seats: ['A-1'] } }), 401, 'unauthorized');
    await expectUntouched();
  });

  it('a forged token', async () => {
    const [head, payload] = token.split('.');
    const forged = `${head}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expectProblem(await t.call('POST', holdPath(), { token: forged, body: { seats: ['A-1'] } }), 401, 'unauthorized');
    expectProblem(
      await t.call('POST', holdPath(), { token: 'garbage', body: { seats: ['A-1'] } }),
      401,
      'unauthorized',
    );
    await expectUntouched();
  });

  it('an invalid payment on confirm', async () => {
    const res = await t.call('POST', `${holdPath()}/some-hold/confirm`, {
      token,
      body: { payment: { method: 'card', cardNumber: 'abc', expiry: '13/99', cvc: '1' } },
    });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'payment.cardNumber',
      'payment.cvc',
      'payment.expiry',
    ]);
  });
});

describe('every response', () => {
  it('carries x-request-id, honouring a sane incoming one', async () => {
    const own = await t.app.request('/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers.get('x-request-id')).toBe('trace-123');
    const bad = await t.app.request('/healthz', { headers: { 'x-request-id': 'bad id\twith junk' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await t.call('GET', '/api/nothing-here');
    expectProblem(missing, 404, 'not_found');
    expect(missing.headers.get('x-request-id')).toBeTruthy();
    const failed = await t.call('POST', holdPath(), { body: { seats: ['A-1'] } });
    expect(failed.headers.get('x-request-id')).toBeTruthy();
  });

  it('names the serving node on show-scoped responses', async () => {
    const res = await t.call('GET', `/api/shows/${showId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-served-by')).toBe('test-node');
  });
});

describe('oversized bodies', () => {
  it('are refused with 413 before they are read whole', async () => {
    const res = await t.call('POST', holdPath(), {
      token,
      body: { seats: ['A-1'], padding: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
    await expectUntouched();
  });
});
