import { createPgShowStorage } from '../../src/db/show-storage/index.js';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Placement } from '../../src/actors/placement/index.js';
import { createShowRuntime, systemClock, type LocalShowRuntime } from '../../src/actors/runtime/index.js';
import { loadEnv } from '../../src/config/env.js';
import { createApp } from '../../src/http/app.js';
import { createAuth, type Auth } from '../../src/http/auth/index.js';
import { createCheckout, createTestGateway } from '../../src/payments/index.js';
import { insertShow } from '../actors/runtime/fixtures.js';
import { silentLog, startTestApp, type TestApp } from '../http/harness.js';
import { DEFAULT_SHOW_RULES } from '../../src/config/show-rules.js';
import { collectSse } from '../setup/sse.js';

/** The inspector shows an address's first letter and domain: `user-1234@example.com` -> `u***@example.com`. */
const masked = (email: string) => `${email[0]}***${email.slice(email.indexOf('@'))}`;

describe('inspector API on one node', () => {
  let t: TestApp;
  let admin: string;
  let customer: { token: string; userId: string; email: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    customer = await t.register('Ada Lovelace');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses anyone but admins: 401 without a token, 403 for a customer', async () => {
    const showId = await t.createShow();
    const paths = [
      '/api/inspector/live',
      `/api/shows/${showId}/inspector/definition`,
      `/api/shows/${showId}/inspector/snapshot`,
      `/api/shows/${showId}/inspector/history`,
      `/api/shows/${showId}/inspector/stream`,
    ];
    for (const path of paths) {
      const anonymous = await t.call('GET', path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body.code).toBe('unauthorized');
      const refused = await t.call('GET', path, { token: customer.token });
      expect(refused.status, path).toBe(403);
      expect(refused.body.code).toBe('forbidden');
    }
    // The page itself is a public shell: it holds no data and asks for an admin sign-in.
    const page = await t.app.request('/inspect');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Admin sign-in');
    // The site's policy: no inline script or style attribute runs, so data shown there cannot execute.
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Its modules are TypeScript compiled at start, served as JavaScript with a validator.
    const script = await t.app.request('/inspect/assets/main.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('from "../../assets/js/api.js"');
    const etag = script.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect((await t.app.request('/inspect/assets/main.js', { headers: { 'if-none-match': etag! } })).status).toBe(304);
    expect((await t.app.request('/inspect/assets/main.ts')).status).toBe(404);
  });

  it('describes the machine from its own definition', async () => {
    const showId = await t.createShow();
    const res = await t.call('GET', `/api/shows/${showId}/inspector/definition`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.machineId).toBe('show.v1');
    const paths = res.body.states.map((s: { path: string }) => s.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'scheduled',
        'onSale',
        'onSale.available',
        'onSale.allHeld',
        'onSale.soldOut',
        'cancelled',
      ]),
    );
    expect(res.body.transitions).toContainEqual({
      source: 'onSale.available',
      event: '',
      targets: ['onSale.allHeld'],
      guard: 'availabilityIs(allHeld)',
    });
    expect(res.body.transitions).toContainEqual({
      source: 'scheduled',
      event: 'OPEN_SALES',
      targets: ['onSale'],
      guard: null,
    });
  });

  it('lists live shows, makes the snapshot readable, replays history and streams steps', async () => {
    const startsAt = new Date('2031-01-10T13:30:00.000Z');
    const showId = await t.createShow({ timeZone: 'Asia/Kolkata', startsAt });
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, {
      token: customer.token,
      body: { seats: ['A-1', 'A-2'] },
    });
    expect(hold.status).toBe(201);

    const live = await t.call('GET', '/api/inspector/live', { token: admin });
    expect(live.status).toBe(200);
    expect(live.body.nodes).toHaveLength(1);
    expect(live.body.nodes[0]).toMatchObject({ nodeId: 'test-node', status: 'self', error: null });
    expect(live.body.nodes[0].shows).toContainEqual(
      expect.objectContaining({
        showId,
        title: 'Test Concert',
        // The venue's zone beside the start, so the page writes the show's times on the venue's clock.
        startsAt: startsAt.toISOString(),
        timeZone: 'Asia/Kolkata',
        nodeId: 'test-node',
        state: 'onSale.available',
        held: 2,
        available: 8,
        lastSeq: 1,
        queueLength: 0,
      }),
    );

    const snap = await t.call('GET', `/api/shows/${showId}/inspector/snapshot`, { token: admin });
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({
      showId,
      startsAt: startsAt.toISOString(),
      timeZone: 'Asia/Kolkata',
      nodeId: 'test-node',
      state: 'onSale.available',
      journal: { inMemorySeq: 1, committedSeq: 1, snapshotSeq: 0 },
      totals: { available: 8, held: 2, booked: 0, earmarked: 0, waitlist: 0 },
    });
    expect(snap.body.holds).toEqual([
      expect.objectContaining({
        holdId: hold.body.holdId,
        seats: ['A-1', 'A-2'],
        status: 'held',
        owner: { userId: customer.userId, email: masked(customer.email), name: 'Ada Lovelace' },
        expiresAt: hold.body.expiresAt,
      }),
    ]);
    expect(JSON.stringify(snap.body)).not.toContain(customer.email);
    expect(snap.body.grid[0].rows[0]).toEqual({ row: 'A', index: 0, category: 'premium', seats: 'hh...' });

    const stream = await t.app.request(`/api/shows/${showId}/inspector/stream`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(stream.status).toBe(200);
    const reading = collectSse(stream, (events) => events.some((e) => e.event === 'steps'), 10_000);
    await new Promise((r) => setTimeout(r, 100));
    const release = await t.call('DELETE', `/api/shows/${showId}/holds/${hold.body.holdId}`, { token: customer.token });
    expect(release.status).toBeLessThan(300);
    const events = await reading;
    expect(events[0]).toMatchObject({
      event: 'hello',
      data: { showId, nodeId: 'test-node', state: 'onSale.available' },
    });
    const steps = events.find((e) => e.event === 'steps')!.data;
    expect(steps.steps).toEqual([
      expect.objectContaining({
        seq: 2,
        event: expect.objectContaining({ type: 'RELEASE', holdId: hold.body.holdId }),
        state: 'onSale.available',
        outcomes: [{ type: 'hold.released', holdId: hold.body.holdId }],
      }),
    ]);

    const history = await t.call('GET', `/api/shows/${showId}/inspector/history?limit=50`, { token: admin });
    expect(history.status).toBe(200);
    expect(history.body.steps.map((s: { event: { type: string } }) => s.event.type)).toEqual(['HOLD', 'RELEASE']);
    expect(history.body.steps[0].changes.holdsAdded[0].owner.email).toBe(masked(customer.email));
    expect(JSON.stringify(history.body)).not.toContain(customer.email);
    expect(history.body.steps[1].changes.holdsRemoved).toEqual([
      { holdId: hold.body.holdId, owner: expect.objectContaining({ name: 'Ada Lovelace' }), reason: 'released' },
    ]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/inspector/live',
        '/api/shows/{showId}/inspector/definition',
        '/api/shows/{showId}/inspector/snapshot',
        '/api/shows/{showId}/inspector/history',
        '/api/shows/{showId}/inspector/stream',
      ]),
    );
    expect(doc.body.components.schemas.InspectorSnapshot).toBeDefined();
  });

  it('answers 404 for an unknown show and 400 for a bad limit', async () => {
    expect((await t.call('GET', '/api/shows/nope/inspector/snapshot', { token: admin })).status).toBe(404);
    const showId = await t.createShow();
    expect((await t.call('GET', `/api/shows/${showId}/inspector/history?limit=0`, { token: admin })).status).toBe(400);
  });
});

/** Placement fixed by the test: every show is owned by `owners.get(showId)`, or node A. */
function staticPlacement(
  self: string,
  members: { nodeId: string; url: string }[],
  owners: Map<string, string>,
): Placement {
  const member = (id: string) => members.find((m) => m.nodeId === id) ?? null;
  return {
    nodeId: self,
    get url() {
      return member(self)?.url ?? '';
    },
    ownerOf: (showId) => member(owners.get(showId) ?? 'node-a'),
    isMine: (showId) => (owners.get(showId) ?? 'node-a') === self,
    ringVersion: () => 'static',
    members: () => members.map((m) => ({ ...m, leaseAgeMs: 0, leaseExpiresInMs: 5000, liveShows: 0 })),
    healthy: () => true,
  };
}

describe('inspector API across two nodes', () => {
  let t: TestApp;
  const nodes: { runtime: LocalShowRuntime; auth: Auth; server: ServerType }[] = [];
  const members: { nodeId: string; url: string }[] = [];
  const owners = new Map<string, string>();

  beforeAll(async () => {
    // One database, two in-process nodes that place shows by a fixed table, plus one dead member.
    t = await startTestApp();
    const env = loadEnv({ SEED: 'none', LOG_LEVEL: 'silent', RATE_LIMIT: 'off' });
    for (const nodeId of ['node-a', 'node-b']) {
      const runtime = createShowRuntime({
        storage: createPgShowStorage(t.tdb.db, { ticketSecret: 'test-ticket-secret' }),
        clock: systemClock,
        log: silentLog,
        nodeId,
        rules: DEFAULT_SHOW_RULES,
        owns: (showId) => (owners.get(showId) ?? 'node-a') === nodeId,
      });
      const auth = await createAuth({
        db: t.tdb.db,
        clock: systemClock,
        log: silentLog,
        jwtSecret: env.JWT_SECRET,
        tokenTtlSeconds: 3600,
        passwordCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
      });
      const checkout = createCheckout({
        db: t.tdb.db,
        runtime,
        gateway: createTestGateway({ db: t.tdb.db }),
        clock: systemClock,
        log: silentLog,
      });
      const placement = staticPlacement(nodeId, members, owners);
      const app = createApp({
        env,
        db: t.tdb.db,
        sql: t.tdb.sql,
        runtime,
        checkout,
        auth,
        log: silentLog,
        nodeId,
        placement,
        clusterSecret: 'inspector-test-cluster-secret-0123456789',
      });
      const server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
      });
      members.push({ nodeId, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      nodes.push({ runtime, auth, server });
    }
    // Port 1 refuses connections at once: a member that is listed but down.
    members.push({ nodeId: 'node-dead', url: 'http://127.0.0.1:1' });
  });
  afterAll(async () => {
    for (const n of nodes) {
      await new Promise<void>((resolve) => n.server.close(() => resolve()));
      await n.runtime.stop();
      n.auth.stop();
    }
    await t?.close();
  });

  const get = async (node: number, path: string, token: string) => {
    const res = await fetch(`${members[node]!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };

  it('serves a show owned by another node through any node, and lists every node’s shows', async () => {
    const showId = await insertShow(t.tdb.db);
    owners.set(showId, 'node-b');
    const admin = await t.adminToken();

    const snap = await get(0, `/api/shows/${showId}/inspector/snapshot`, admin);
    expect(snap.status).toBe(200);
    expect(snap.body.nodeId).toBe('node-b');
    expect(snap.headers.get('x-served-by')).toBe('node-b');
    expect(nodes[1]!.runtime.liveShows()).toContain(showId);
    expect(nodes[0]!.runtime.liveShows()).not.toContain(showId);

    const history = await get(0, `/api/shows/${showId}/inspector/history?limit=5`, admin);
    expect(history.status).toBe(200);
    expect(history.body.showId).toBe(showId);

    const live = await get(0, '/api/inspector/live', admin);
    expect(live.status).toBe(200);
    const byNode = new Map<string, any>(live.body.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    expect(byNode.get('node-a')).toMatchObject({ status: 'self' });
    expect(byNode.get('node-b')).toMatchObject({ status: 'live', error: null });
    expect(byNode.get('node-b').shows.map((s: { showId: string }) => s.showId)).toContain(showId);
    expect(byNode.get('node-a').shows.map((s: { showId: string }) => s.showId)).not.toContain(showId);
    expect(byNode.get('node-dead')).toMatchObject({ status: 'unreachable', shows: [] });
    expect(byNode.get('node-dead').error).toEqual(expect.any(String));

    // Forwarded requests are still checked by the owner.
    const customer = await t.register();
    expect((await get(0, `/api/shows/${showId}/inspector/snapshot`, customer.token)).status).toBe(403);
    expect((await get(0, '/api/inspector/live', customer.token)).status).toBe(403);
  });
});
