import { Hono } from 'hono';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/app-env.js';
import { createErrorHandler } from '../../src/http/errors.js';
import { deferrableLimits, parked, type ShedReason } from '../../src/http/middleware/load-shedding.js';

/** A promise a test settles by hand: a request that stays "in progress" until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * The middleware in front of stand-in routes whose work waits on gates the test opens: a show read
 * (deferrable), a ticket long poll that parks while it waits, a join, and a hold (never deferrable).
 */
function limitedApp(opts: { maxInFlight: number; joinsPerSecond: number; now?: () => number }) {
  const shed: ShedReason[] = [];
  const work = { read: gate(), poll: gate(), hold: gate() };
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(pino({ level: 'silent' })));
  app.use('/api/*', deferrableLimits({ ...opts, onShed: (reason) => shed.push(reason) }));
  app.get('/api/shows/:id', async (c) => {
    await work.read.opened;
    return c.json({ ok: true });
  });
  app.get('/api/events', (c) => c.json({ ok: true }));
  app.get('/api/shows/:id/queue/:ticket', async (c) => {
    await parked(c, work.poll.opened);
    return c.json({ ok: true });
  });
  app.post('/api/shows/:id/queue', (c) => c.json({ ok: true }, 201));
  app.post('/api/shows/:id/holds', async (c) => {
    await work.hold.opened;
    return c.json({ ok: true }, 201);
  });
  return { app, shed, work };
}

async function expectOverloaded(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(((await res.json()) as { code: string }).code).toBe('overloaded');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(5);
}

/** Lets the requests already sent run up to the point where they wait. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('deferrable limits', () => {
  it('refuses deferrable requests past the in-flight bound; holds go on, and a finished request frees its place', async () => {
    const { app, shed, work } = limitedApp({ maxInFlight: 2, joinsPerSecond: 0 });
    const reads = [app.request('/api/shows/s1'), app.request('/api/shows/s2')];
    await settle();

    await expectOverloaded(await app.request('/api/shows/s3'));
    await expectOverloaded(await app.request('/api/events'));
    await expectOverloaded(await app.request('/api/shows/s1/queue', { method: 'POST' }));
    expect(shed).toEqual(['busy', 'busy', 'busy']);

    // Never deferrable: a hold is taken however many reads are in flight, and does not count as one.
    const hold = app.request('/api/shows/s1/holds', { method: 'POST' });
    await settle();
    work.hold.open();
    expect((await hold).status).toBe(201);

    work.read.open();
    expect((await Promise.all(reads)).map((r) => r.status)).toEqual([200, 200]);
    expect((await app.request('/api/events')).status).toBe(200);
    expect(shed).toHaveLength(3);
  });

  it('does not count a long poll while it is parked waiting for its ticket', async () => {
    const { app, shed, work } = limitedApp({ maxInFlight: 1, joinsPerSecond: 0 });
    const polls = [1, 2, 3].map((n) => app.request(`/api/shows/s1/queue/${n}`));
    await settle();
    // Three polls wait, and the one place is still free.
    expect((await app.request('/api/events')).status).toBe(200);
    const read = app.request('/api/shows/s1');
    await settle();
    await expectOverloaded(await app.request('/api/events'));
    expect(shed).toEqual(['busy']);

    // Woken polls finish their answers even above the bound (they were admitted), then free it.
    work.poll.open();
    expect((await Promise.all(polls)).map((r) => r.status)).toEqual([200, 200, 200]);
    work.read.open();
    expect((await read).status).toBe(200);
    expect((await app.request('/api/events')).status).toBe(200);
  });

  it('takes joins at the per-node rate, one second of them at once, and refuses the rest', async () => {
    let now = 10_000;
    const { app, shed } = limitedApp({ maxInFlight: 0, joinsPerSecond: 4, now: () => now });
    const join = () => app.request('/api/shows/s1/queue', { method: 'POST' });

    const burst = [];
    for (let i = 0; i < 6; i++) burst.push((await join()).status);
    expect(burst).toEqual([201, 201, 201, 201, 503, 503]);
    expect(shed).toEqual(['join_rate', 'join_rate']);
    await expectOverloaded(await join());

    // Reads and polls are not joins: the join rate does not hold them back.
    expect((await app.request('/api/events')).status).toBe(200);

    now += 250;
    expect((await join()).status).toBe(201);
    expect((await join()).status).toBe(503);
    // An idle spell fills the bucket to one second's worth, no more.
    now += 60_000;
    const after = [];
    for (let i = 0; i < 5; i++) after.push((await join()).status);
    expect(after).toEqual([201, 201, 201, 201, 503]);
  });
});
