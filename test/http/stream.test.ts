import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSse } from '../setup/sse.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
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

  it('answers 404 for an unknown show', async () => {
    const res = await t.call('GET', '/api/shows/nope/stream');
    expect(res.status).toBe(404);
  });
});
