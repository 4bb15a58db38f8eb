import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/middleware/security-headers.js';
import { startTestApp, type TestApp } from './harness.js';

// Connection framing differs between an in-process Response and a socket; the id is per request.
const framing = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-request-id']);
const comparable = (headers: Headers) =>
  Object.fromEntries([...headers.entries()].filter(([name]) => !framing.has(name)).sort());

let t: TestApp;
let server: ServerType;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

describe('response headers', () => {
  it('are what Hono’s secureHeaders sends', async () => {
    const reference = new Hono().use(secureHeaders({ xFrameOptions: 'DENY' })).get('/', (c) => c.body(null, 204));
    const sent = comparable((await reference.request('/')).headers);
    expect(Object.fromEntries(SECURITY_HEADERS.map(([name, value]) => [name.toLowerCase(), value]))).toEqual(sent);
  });

  it('are the same over a socket as in process, for answers, errors, pages and show routes', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const placed = await fetch(`${base}/api/shows/${showId}/holds`, {
      method: 'POST',
      headers: auth,
      body: '{"quantity":1}',
    });
    const hold = (await placed.json()) as { holdId: string };
    const cases: [string, RequestInit?][] = [
      ['/healthz'],
      ['/api/cities'],
      ['/api/shows/no-such-show'],
      [`/api/shows/${showId}`],
      [`/api/shows/${showId}/holds/${hold.holdId}`, { headers: auth }],
      [`/api/shows/${showId}/holds`, { method: 'POST', headers: auth, body: '{"quantity":1}' }],
      [`/api/shows/${showId}/holds`, { method: 'POST', headers: auth, body: '{"quantity":0}' }],
      [`/api/shows/${showId}/holds/${hold.holdId}`, { method: 'DELETE', headers: auth }],
      ['/api/me', { headers: { authorization: 'Bearer forged' } }],
      ['/no-such-page'],
      ['/'],
    ];
    for (const [path, init] of cases) {
      const socket = await fetch(base + path, init);
      const local = await t.app.request(path, init);
      expect(socket.status, path).toBe(local.status);
      expect(comparable(socket.headers), path).toEqual(comparable(local.headers));
      expect(socket.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
      expect(socket.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('answer bad input on the hot routes the same over a socket as in process', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const bearer = `Bearer ${token}`;
    const holds = `/api/shows/${showId}/holds`;
    const cases: [string, RequestInit][] = [
      [
        holds,
        {
          method: 'POST',
          headers: { authorization: bearer, 'content-type': 'application/json' },
          body: '{"quantity":',
        },
      ],
      [
        holds,
        { method: 'POST', headers: { authorization: bearer, 'content-type': 'text/plain' }, body: '{"quantity":1}' },
      ],
      [holds, { method: 'POST', headers: { authorization: bearer }, body: new Uint8Array([123, 125]) }],
      [
        holds,
        {
          method: 'POST',
          headers: { authorization: bearer, 'content-type': 'application/json' },
          body: '{"quantity":11}',
        },
      ],
      [
        holds,
        {
          method: 'POST',
          headers: { authorization: bearer, 'content-type': 'application/json' },
          body: '{"seats":[]}',
        },
      ],
      [holds, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' }],
      [
        holds,
        { method: 'POST', headers: { authorization: 'Basic x', 'content-type': 'application/json' }, body: '{}' },
      ],
      [
        holds,
        {
          method: 'POST',
          headers: { authorization: bearer, 'content-type': 'application/json', 'idempotency-key': '' },
          body: '{"quantity":1}',
        },
      ],
      [`${holds}/no-such-hold`, { method: 'DELETE', headers: { authorization: bearer } }],
    ];
    for (const [path, init] of cases) {
      const socket = await fetch(base + path, init);
      const local = await t.app.request(path, init);
      const label = `${init.method} ${String(init.body)} ${JSON.stringify(init.headers)}`;
      expect(socket.status, label).toBe(local.status);
      expect(await socket.text(), label).toBe(await local.text());
    }
    // Two Authorization lines on the wire are read joined, as web Headers read them.
    const twice = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${base}/api/me`,
        { headers: ['host', '127.0.0.1', 'authorization', bearer, 'authorization', bearer] },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const local = await t.app.request('/api/me', { headers: { authorization: `${bearer}, ${bearer}` } });
    expect(twice).toEqual({ status: local.status, text: await local.text() });
  });

  it('echo a sane incoming request id over a socket, and replace an unsafe one', async () => {
    const own = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers.get('x-request-id')).toBe('trace-123');
    const bad = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
