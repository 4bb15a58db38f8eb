import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSse } from '../setup/sse.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  // Each test streams from an address of its own (X-Forwarded-For), so the per-address cap is theirs.
  t = await startTestApp({ STREAMS_PER_IP: '3', TRUST_PROXY: 'on' });
});
afterAll(async () => {
  await t?.close();
});

describe('show stream', () => {
  it('sends availability first, then availability and seat changes as holds commit', async () => {
    const showId = await t.createShow();
    const res = await t.app.request(`/api/shows/${showId}/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const { token } = await t.register();
    const reading = collectSse(res, (events) => events.some((e) => e.event === 'seats'), 5000);
    await new Promise((r) => setTimeout(r, 100));
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: ['A-1', 'A-2'] } });
    expect(hold.status).toBe(201);
    const events = await reading;

    expect(events[0]).toMatchObject({ event: 'availability', data: { showId, available: 10, held: 0 } });
    expect((events[0]!.data as { categories: unknown[] }).categories).toContainEqual({
      category: 'premium',
      price: { amount: 2500, currency: 'EUR' },
      available: 5,
    });
    expect(events).toContainEqual({ event: 'availability', data: expect.objectContaining({ available: 8, held: 2 }) });
    const seats = events.find((e) => e.event === 'seats')!.data as { seats: { seatId: string; status: string }[] };
    expect(seats.seats).toEqual([
      { seatId: 'A-1', status: 'held' },
      { seatId: 'A-2', status: 'held' },
    ]);
  });

  it('collapses what a client that stops reading has missed to the latest state', async () => {
    const showId = await t.createShow();
    const res = await t.app.request(`/api/shows/${showId}/stream`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(res.status).toBe(200);
    const { token } = await t.register();
    // Twenty changes while the client reads nothing: each would be an availability and a seats event.
    const seats = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3', 'B-4', 'B-5'];
    for (const seat of seats) {
      const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { seats: [seat] } });
      expect(hold.status).toBe(201);
      if (seat.startsWith('B')) {
        const gone = await t.call('DELETE', `/api/shows/${showId}/holds/${hold.body.holdId}`, { token });
        expect(gone.status).toBe(204);
      }
    }
    await new Promise((r) => setTimeout(r, 300));

    const events = await collectSse(res, () => false, 1500);
    const availability = events.filter((e) => e.event === 'availability');
    expect(availability.length).toBeLessThanOrEqual(4);
    expect(availability.at(-1)!.data).toMatchObject({ available: 5, held: 5 });
    // The seat events still add up to the seat map as it is now.
    const statuses = new Map<string, string>();
    for (const e of events.filter((x) => x.event === 'seats')) {
      for (const s of e.data.seats as { seatId: string; status: string }[]) statuses.set(s.seatId, s.status);
    }
    for (const seat of seats)
      expect(statuses.get(seat) ?? 'available').toBe(seat.startsWith('A') ? 'held' : 'available');
  });

  it('caps open streams per client address with 429 rate_limited, and frees a slot when a stream closes', async () => {
    const showId = await t.createShow();
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    const open = await Promise.all(
      [1, 2, 3].map(() => t.app.request(`/api/shows/${showId}/stream`, from('203.0.113.7'))),
    );
    expect(open.map((r) => r.status)).toEqual([200, 200, 200]);

    const refused = await t.app.request(`/api/shows/${showId}/stream`, from('203.0.113.7'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    // Another address is not affected.
    const other = await t.app.request(`/api/shows/${showId}/stream`, from('203.0.113.8'));
    expect(other.status).toBe(200);

    await open[0]!.body!.cancel();
    await other.body!.cancel();
    let again: Response | undefined;
    for (let i = 0; i < 50 && again?.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await t.app.request(`/api/shows/${showId}/stream`, from('203.0.113.7'));
      if (again.status !== 200) await again.body?.cancel();
    }
    expect(again!.status).toBe(200);
    for (const r of [...open.slice(1), again!]) await r.body!.cancel();
  });

  it('answers 404 for an unknown show', async () => {
    const res = await t.call('GET', '/api/shows/nope/stream');
    expect(res.status).toBe(404);
  });
});
