import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, users } from '../../src/db/schema/index.js';
import type { AppEnv } from '../../src/http/app-env.js';
import { createErrorHandler } from '../../src/http/errors.js';
import { createLogger, REDACTED, redactSecrets } from '../../src/observability/logger.js';
import { goodCard, startTestApp, type TestApp } from '../http/harness.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

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
      // Quoted: the line's timestamp may hold these digits.
      '"987"',
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

describe('logged errors', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.close();
  });

  async function failure(query: Promise<unknown>): Promise<Error> {
    const err = await query.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }

  it("never carry a failed query's parameters, through any way an error reaches the log", async () => {
    const userId = randomUUID();
    const email = 'query.victim@example.com';
    const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$hash-secret-salt$hash-secret-digest';
    const idempotencyKey = 'idem-key-secret-7f3a';
    const requestHash = 'request-hash-secret-9c2e';
    await tdb.db.insert(users).values({ id: userId, email, name: 'Victim', passwordHash });
    // The case: the idempotency-key insert failing, its user id, key and request hash bound.
    const keyRow = { userId, key: idempotencyKey, scope: 'confirm', requestHash, resourceId: randomUUID() };
    await tdb.db.insert(idempotencyKeys).values(keyRow);
    const duplicateKey = await failure(tdb.db.insert(idempotencyKeys).values(keyRow));
    // PostgreSQL names the row's values in the DETAIL of a unique violation.
    const duplicateEmail = await failure(
      tdb.db.insert(users).values({ id: randomUUID(), email, name: 'Again', passwordHash }),
    );
    // ... and quotes the bad value in the message of a data exception.
    const badCast = await failure(tdb.db.execute(sql`select ${idempotencyKey}::uuid`));
    expect(duplicateKey.message).toContain(idempotencyKey);
    expect(badCast.cause).toHaveProperty('message', expect.stringContaining(idempotencyKey));

    const { lines, stream } = capture();
    const log = createLogger('info', {}, stream);
    log.error({ err: duplicateKey, requestId: 'req-1' }, 'unhandled error');
    log.error({ err: duplicateEmail });
    log.error(badCast);
    log.warn({ failure: { error: duplicateKey } }, 'nested');
    const app = new Hono<AppEnv>();
    app.get('/boom', () => {
      throw duplicateKey;
    });
    app.onError(createErrorHandler(log));
    const answer = await app.request('/boom');
    expect(answer.status).toBe(500);
    expect(await answer.text()).not.toContain(idempotencyKey);

    const out = lines.join('');
    expect(lines).toHaveLength(5);
    for (const secret of [userId, idempotencyKey, requestHash, email, 'hash-secret-salt', keyRow.resourceId]) {
      expect(out, secret).not.toContain(secret);
    }
    // What a reader needs stays: the error's type, the SQL, the SQLSTATE and constraint, the stack.
    const logged = lines.map((line) => JSON.parse(line) as Record<string, any>);
    expect(logged[0]!.err).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'Failed query',
      query: expect.stringContaining('insert into "idempotency_keys"'),
      cause: { type: 'PostgresError', code: '23505', constraint_name: 'idempotency_keys_user_id_key_pk' },
    });
    expect(logged[0]!.err.cause.detail).toBe(`Key (user_id, key)=(${REDACTED}) already exists.`);
    expect(logged[0]!.err.stack).toMatch(/^DrizzleQueryError: Failed query\n\s+at /);
    expect(logged[1]!.msg).toBe('Failed query');
    expect(logged[1]!.err.cause).toMatchObject({ code: '23505', constraint_name: 'users_email_key' });
    expect(logged[2]!.msg).toBe('Failed query');
    expect(logged[2]!.err.cause).toMatchObject({
      code: '22P02',
      message: `invalid input syntax for type uuid: "${REDACTED}"`,
    });
    expect(logged[3]!.failure.error).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '23505' } });
    expect(logged[4]).toMatchObject({ msg: 'unhandled error', err: { type: 'DrizzleQueryError' } });
  });
});

describe('emails in logs', () => {
  it('are masked in fields, messages and errors; hosts in URLs are not emails', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', {}, stream);
    const email = 'jane.doe@example.com';
    log.warn(
      { channel: 'email', target: email, error: `smtp: 550 <${email}> mailbox unavailable`, to: [email] },
      `delivery failed for ${email}`,
    );
    log.error({ err: new Error(`mailbox: cannot write ${email}`) }, 'send failed');
    log.info({ url: 'postgres://showtime@127.0.0.1:5432/showtime' }, 'database at %s', 'user@localhost');
    const out = lines.join('');
    expect(out).not.toContain(email);
    const [delivery, failed, database] = lines.map((line) => JSON.parse(line) as Record<string, any>);
    expect(delivery).toMatchObject({
      target: 'j***@example.com',
      error: 'smtp: 550 <j***@example.com> mailbox unavailable',
      to: ['j***@example.com'],
      msg: 'delivery failed for j***@example.com',
    });
    expect(failed!.err.message).toBe('mailbox: cannot write j***@example.com');
    expect(failed!.err.stack).toContain('j***@example.com');
    expect(database).toMatchObject({
      url: 'postgres://showtime@127.0.0.1:5432/showtime',
      msg: 'database at user@localhost',
    });
  });
});
