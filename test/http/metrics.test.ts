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
});
