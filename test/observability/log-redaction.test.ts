import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactSecrets } from '../../src/observability/logger.js';
import { goodCard, startTestApp, type TestApp } from '../http/harness.js';

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (chunk: string) => void lines.push(chunk) } };
}

describe('createLogger', () => {
  it('redacts secrets wherever they sit in a logged object', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', {}, stream);
    log.info(
      {
        password: 'hunter2-top',
        req: { headers: { authorization: 'Bearer eyJsecret', cookie: 'sid=cookie-secret', 'x-api-key': 'stk_abc123' } },
        body: { payment: { cardNumber: '4242424242424242', cvc: '987', expiry: '11/29' } },
        created: { key: 'stk_created-secret' },
        deep: { er: { still: { token: 'tok-deep-secret' } } },
        list: [{ headers: { Authorization: 'Bearer in-a-list-secret' } }],
        userId: 'u-1',
      },
      'something happened',
    );
    log.child({ authorization: 'Bearer child-secret' }).warn('child line');
    const out = lines.join('');
    for (const secret of [
      'hunter2-top',
      'eyJsecret',
      'cookie-secret',
      'stk_abc123',
      '4242424242424242',
      '987',
      '11/29',
      'stk_created-secret',
      'tok-deep-secret',
      'child-secret',
      'in-a-list-secret',
    ]) {
      expect(out, secret).not.toContain(secret);
    }
    // Redacted, not dropped: a reader still sees the field was there; the rest of the line is intact.
    expect(out).toContain(`"password":"${REDACTED}"`);
    expect(out).toContain('"userId":"u-1"');
    expect(out).toContain('something happened');
  });
});

describe('redactSecrets', () => {
  it('copies only what it changes and never touches the logged object', () => {
    const logged = { user: { id: 'u-1', password: 'p' }, plain: { a: 1 } };
    const out = redactSecrets(logged);
    expect(out).toEqual({ user: { id: 'u-1', password: REDACTED }, plain: { a: 1 } });
    expect(logged.user.password).toBe('p');
    expect(out.plain).toBe(logged.plain);
    const clean = { a: { b: [1, { c: 'x' }] } };
    expect(redactSecrets(clean)).toBe(clean);
  });
});

describe('request logs', () => {
  const { lines, stream } = capture();
  let t: TestApp;
  beforeAll(async () => {
    // trace: every line any part of the app would ever write for these requests.
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { log: createLogger('trace', {}, stream) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never carry a password, token, API key or card number', async () => {
    const password = 'very-secret-password-42';
    const email = 'logged@example.com';
    const registered = await t.call('POST', '/api/auth/register', { body: { email, password, name: 'Logged' } });
    expect(registered.status).toBe(201);
    expect(
      (await t.call('POST', '/api/auth/login', { body: { email, password: 'wrong-password-guess' } })).status,
    ).toBe(401);
    const login = await t.call('POST', '/api/auth/login', {
      body: { email, password },
      headers: { cookie: 'session=cookie-value-secret' },
    });
    expect(login.status).toBe(200);
    const token = login.body.token as string;

    const showId = await t.createShow();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } });
    expect(hold.status).toBe(201);
    const card = { ...goodCard, cardNumber: '4111111111111111', cvc: '864', expiry: '10/31' };
    const confirm = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: card },
    });
    expect(confirm.status).toBe(201);
    const declined = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 1 } });
    await t.call('POST', `/api/shows/${showId}/holds/${declined.body.holdId}/confirm`, {
      token,
      body: { payment: { ...card, cardNumber: '4000000000000002' } },
    });

    const created = await t.call('POST', '/api/me/api-keys', { token, body: { name: 'widget' } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect((await t.call('GET', `/api/shows/${showId}`, { headers: { 'x-api-key': key } })).status).toBe(200);
    expect((await t.call('GET', '/api/me', { headers: { 'x-api-key': `${key}-forged` } })).status).toBe(401);
    await t.call('POST', '/api/auth/logout', { token });

    const out = lines.join('');
    // The capture works: these requests were logged, with the key's id but not the key.
    expect(out).toContain('"path":"/api/auth/login"');
    expect(out).toContain(`"path":"/api/shows/${showId}/holds/${hold.body.holdId}/confirm"`);
    expect(out).toContain(created.body.apiKeyId);
    for (const secret of [
      password,
      'wrong-password-guess',
      token,
      token.split('.')[2]!,
      'cookie-value-secret',
      key,
      key.slice(created.body.prefix.length),
      '4111111111111111',
      '4000000000000002',
      '"864"',
      '10/31',
    ]) {
      expect(out, secret).not.toContain(secret);
    }
  });
});
