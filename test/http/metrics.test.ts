import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodCard, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function scrape(): Promise<{ status: number; type: string | null; text: string }> {
  const res = await t.app.request('/metrics');
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample line, e.g. `name{a="b"} 3`; undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('exposes request latency by route pattern, live actors, holds and bookings', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const hold = await t.call('POST', `/api/shows/${showId}/holds`, { token, body: { quantity: 2 } });
    expect(hold.status).toBe(201);
    const booked = await t.call('POST', `/api/shows/${showId}/holds/${hold.body.holdId}/confirm`, {
      token,
      body: { payment: goodCard },
    });
    expect(booked.status).toBe(201);
    expect((await t.call('GET', '/api/shows/no-such-show')).status).toBe(404);

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(
      sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/shows/:showId/holds",status="201"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="POST",route="/api/shows/:showId/holds/:holdId/confirm",status="201"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/shows/:showId",status="404"}'),
    ).toBe(1);
    // Ids never become label values: one series per route, not per show.
    expect(text).not.toContain(showId);
    expect(text).not.toContain(hold.body.holdId);

    expect(sample(text, 'showtime_live_shows')).toBe(t.runtime.liveShows().length);
    expect(sample(text, 'showtime_live_shows')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'showtime_holds_placed_total')).toBe(1);
    expect(sample(text, 'showtime_bookings_confirmed_total')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('does not count an idempotent repeat as a second hold', async () => {
    const showId = await t.createShow();
    const { token } = await t.register();
    const before = sample((await scrape()).text, 'showtime_holds_placed_total') ?? 0;
    const headers = { 'idempotency-key': 'metrics-repeat-1' };
    const first = await t.call('POST', `/api/shows/${showId}/holds`, { token, headers, body: { quantity: 1 } });
    const again = await t.call('POST', `/api/shows/${showId}/holds`, { token, headers, body: { quantity: 1 } });
    expect(again.body.holdId).toBe(first.body.holdId);
    expect(sample((await scrape()).text, 'showtime_holds_placed_total')).toBe(before + 1);
  });

  it('exposes the waiting rooms: rooms by state, queued, active, joins, admissions, turns ended', async () => {
    const showId = await t.createShow();
    const admin = await t.adminToken();
    const res = await t.call('PUT', `/api/admin/shows/${showId}/room`, {
      token: admin,
      body: {
        preQueueAt: new Date(Date.now() - 1000).toISOString(),
        salesOpenAt: new Date(Date.now() - 500).toISOString(),
        method: 'passthrough',
        maxActive: 10,
        admitPerMinute: 60,
      },
    });
    expect(res.status).toBe(200);
    // Sales open at the room's next tick; from then on a join is admitted at once.
    for (let i = 0; (await t.call('GET', `/api/shows/${showId}/room`)).body.state !== 'admitting'; i++) {
      expect(i).toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 20));
    }
    const [ada, bob] = [await t.register(), await t.register()];
    for (const { token } of [ada, bob])
      expect((await t.call('POST', `/api/shows/${showId}/queue`, { token })).status).toBe(201);
    const ticket = (await t.call('POST', `/api/shows/${showId}/queue`, { token: bob.token })).body.ticketId as string;
    expect((await t.call('DELETE', `/api/shows/${showId}/queue/${ticket}`, { token: bob.token })).status).toBe(204);
    const { text } = await scrape();
    expect(sample(text, 'showtime_rooms{state="admitting"}')).toBe(1);
    expect(sample(text, 'showtime_room_active')).toBe(1);
    expect(sample(text, 'showtime_room_queued')).toBe(0);
    expect(sample(text, 'showtime_room_joins_total')).toBe(2);
    expect(sample(text, 'showtime_room_admissions_total')).toBe(2);
    expect(sample(text, 'showtime_room_turns_ended_total{reason="left"}')).toBe(1);
    expect(sample(text, 'showtime_room_turns_ended_total{reason="expired"}')).toBe(0);
  });
});
