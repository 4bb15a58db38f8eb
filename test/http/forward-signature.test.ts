import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/http/app.js';
import { startForwardingFront, type ForwardingFront } from './forwarding-front.js';
import {
  FORWARD_VALIDITY_MS,
  signForward,
  verifyForward,
  type ForwardClaims,
} from '../../src/http/forward-signature.js';
import { goodCard, startTestApp, type TestApp } from './harness.js';

const secret = 'forward-signature-test-cluster-secret';

describe('signForward / verifyForward', () => {
  const claims: ForwardClaims = {
    method: 'POST',
    target: '/api/shows/s1/holds?x=1',
    body: new TextEncoder().encode('{"quantity":1}'),
    by: 'node-1',
    clientIp: '203.0.113.7',
    at: 1_000_000,
  };
  const check = (headers: Record<string, string>, over: Partial<ForwardClaims> = {}, now = claims.at) => {
    const request = { ...claims, ...over };
    return verifyForward(secret, { ...request, header: (name) => headers[name] }, now);
  };

  it('accepts what it signed and believes the node and client address it names', () => {
    expect(check(signForward(secret, claims))).toEqual({ ok: true, by: 'node-1', clientIp: '203.0.113.7' });
    expect(check(signForward(secret, claims), {}, claims.at + FORWARD_VALIDITY_MS)).toMatchObject({ ok: true });
  });

  it('refuses every change to what was signed, another secret, no signature and an old one', () => {
    const signed = signForward(secret, claims);
    expect(check(signed, { method: 'DELETE' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(signed, { target: '/api/shows/s2/holds?x=1' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(signed, { body: new TextEncoder().encode('{"quantity":9}') })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(check({ ...signed, 'x-showtime-client-ip': '198.51.100.1' })).toMatchObject({ reason: 'bad_signature' });
    expect(check({ ...signed, 'x-forwarded-by': 'node-2' })).toMatchObject({ reason: 'bad_signature' });
    expect(check(signForward('another-secret-another-secret-another', claims))).toMatchObject({
      reason: 'bad_signature',
    });
    expect(check({ 'x-forwarded-by': 'node-1' })).toEqual({ ok: false, reason: 'unsigned' });
    expect(check(signed, {}, claims.at + FORWARD_VALIDITY_MS + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(check(signed, {}, claims.at - FORWARD_VALIDITY_MS - 1)).toEqual({ ok: false, reason: 'expired' });
  });
});

// The owner (the test app, behind a socket) allows one payment per client address a minute and
// does not trust X-Forwarded-For; the front node sits behind a proxy it trusts and forwards every
// show to the owner, naming the client's address in the signed headers.
let owner: TestApp;
let pair: ForwardingFront | undefined;
let ownerUrl: string;
let front: ReturnType<typeof createApp>;

beforeAll(async () => {
  owner = await startTestApp({
    CLUSTER_SECRET: secret,
    RATE_LIMIT: 'on',
    RATE_LIMIT_CONFIRM_PER_IP_PER_MINUTE: '1',
    RATE_LIMIT_REGISTER_PER_MINUTE: '100',
  });
  pair = await startForwardingFront(owner, { RATE_LIMIT: 'off', TRUST_PROXY: 'on' }, secret);
  front = pair.front;
  ownerUrl = pair.ownerUrl;
});
afterAll(async () => {
  await pair?.close();
  await owner?.close();
});

async function viaFront(method: string, path: string, token: string, clientIp: string, body?: unknown) {
  const res = await front.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-forwarded-for': clientIp,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, servedBy: res.headers.get('x-served-by'), body: (await res.json()) as any };
}

describe('forwarded requests between nodes', () => {
  it('carry the client address the front node saw, so the owner limits each client, not the front node', async () => {
    const showId = await owner.createShow();
    const payAs = async (clientIp: string) => {
      const { token } = await owner.register();
      const hold = await viaFront('POST', `/api/shows/${showId}/holds`, token, clientIp, { quantity: 1 });
      expect(hold.status).toBe(201);
      return viaFront('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, token, clientIp, {
        payment: goodCard,
      });
    };
    const first = await payAs('203.0.113.1');
    expect(first).toMatchObject({ status: 201, servedBy: 'test-node' });
    expect((await payAs('203.0.113.2')).status).toBe(201);
    const again = await payAs('203.0.113.1');
    expect(again.status).toBe(429);
    expect(again.body.code).toBe('rate_limited');
  });

  it('are refused by the owner when unsigned or signed for something else; the client-address header alone is ignored', async () => {
    const showId = await owner.createShow();
    const { token } = await owner.register();
    const path = `/api/shows/${showId}/holds`;
    const body = JSON.stringify({ quantity: 1 });
    const post = (headers: Record<string, string>) =>
      fetch(ownerUrl + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body,
      });
    const signed = signForward(secret, {
      method: 'POST',
      target: path,
      body: new TextEncoder().encode(JSON.stringify({ quantity: 2 })),
      by: 'front',
      clientIp: '203.0.113.50',
      at: Date.now(),
    });
    for (const headers of [{ 'x-forwarded-by': 'front', 'x-showtime-client-ip': '203.0.113.50' }, signed]) {
      const res = await post(headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_forward_signature');
    }
    expect((await owner.call('GET', `/api/shows/${showId}`)).body).toMatchObject({ held: 0 });

    // Not forwarded, so the header is not believed: the owner counts this client by its socket.
    const held = await post({ 'x-showtime-client-ip': '203.0.113.51' });
    expect(held.status).toBe(201);
    const holdId = ((await held.json()) as { holdId: string }).holdId;
    const confirm = (id: string, headers: Record<string, string>) =>
      fetch(`${ownerUrl}/api/shows/${showId}/holds/${id}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ payment: goodCard }),
      });
    expect((await confirm(holdId, { 'x-showtime-client-ip': '203.0.113.52' })).status).toBe(201);
    const second = await owner.register();
    const other = await fetch(ownerUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${second.token}`, 'content-type': 'application/json' },
      body,
    });
    const otherHold = ((await other.json()) as { holdId: string }).holdId;
    const refused = await fetch(`${ownerUrl}/api/shows/${showId}/holds/${otherHold}/confirm`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${second.token}`,
        'content-type': 'application/json',
        'x-showtime-client-ip': '203.0.113.53',
      },
      body: JSON.stringify({ payment: goodCard }),
    });
    expect(refused.status).toBe(429);
  });
});
