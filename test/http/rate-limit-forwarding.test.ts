import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/http/app.js';
import { startForwardingFront, type ForwardingFront } from './forwarding-front.js';
import { startTestApp, type TestApp } from './harness.js';

// The owner (the test app, behind a socket) allows 3 holds a minute; the node in front allows 1, so
// a request counted on the way through would be refused at the second hold.
let owner: TestApp;
let pair: ForwardingFront | undefined;
let front: ReturnType<typeof createApp>;
const clusterSecret = 'rate-limit-forwarding-cluster-secret';

beforeAll(async () => {
  owner = await startTestApp({
    CLUSTER_SECRET: clusterSecret,
    RATE_LIMIT: 'on',
    RATE_LIMIT_HOLDS_PER_MINUTE: '3',
    RATE_LIMIT_REGISTER_PER_MINUTE: '100',
  });
  pair = await startForwardingFront(owner, { RATE_LIMIT: 'on', RATE_LIMIT_HOLDS_PER_MINUTE: '1' }, clusterSecret);
  front = pair.front;
});
afterAll(async () => {
  await pair?.close();
  await owner?.close();
});

describe('limits in a cluster', () => {
  it('counts a hold forwarded to the show’s owner once, on the owner', async () => {
    const showId = await owner.createShow();
    const { token } = await owner.register();
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await front.request(`/api/shows/${showId}/holds`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ quantity: 1 }),
      });
      statuses.push(`${res.status} ${res.headers.get('x-served-by')}`);
    }
    expect(statuses).toEqual(['201 test-node', '201 test-node', '201 test-node', '429 test-node']);
  });

  it('meters an API key once for a forwarded request', async () => {
    const showId = await owner.createShow();
    const dev = await owner.register();
    const created = await owner.call('POST', '/api/me/api-keys', { token: dev.token, body: { name: 'widget' } });
    const res = await front.request(`/api/shows/${showId}`, { headers: { 'x-api-key': created.body.key } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-served-by')).toBe('test-node');
    const [usage] = await owner.tdb.sql<{ count: number }[]>`
      select count from api_key_usage where key_id = ${created.body.apiKeyId}`;
    expect(usage?.count).toBe(1);
  });
});
