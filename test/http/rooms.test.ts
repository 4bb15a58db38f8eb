import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSse } from '../setup/sse.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
});
afterAll(async () => {
  await t?.close();
});

const iso = (ms: number) => new Date(ms).toISOString();

function configure(showId: string, body: Record<string, unknown>) {
  return t.call('PUT', `/api/admin/shows/${showId}/room`, { token: admin, body });
}

/** A room whose pre-queue is open now and whose sales open in `opensInMs`. */
async function roomShow(settings: Record<string, unknown> = {}, opensInMs = 60 * 60_000) {
  const showId = await t.createShow();
  const res = await configure(showId, {
    preQueueAt: iso(Date.now() - 1000),
    salesOpenAt: iso(Date.now() + opensInMs),
    maxActive: 100,
    admitPerMinute: 600,
    ...settings,
  });
  expect(res.status).toBe(200);
  return showId;
}

const join = (showId: string, token: string) => t.call('POST', `/api/shows/${showId}/queue`, { token });
const poll = (showId: string, ticketId: string, token: string, waitSeconds = 0) =>
  t.call('GET', `/api/shows/${showId}/queue/${ticketId}?waitSeconds=${waitSeconds}`, { token });
const holdOne = (showId: string, token: string, admission?: string) =>
  t.call('POST', `/api/shows/${showId}/holds`, {
    token,
    body: { quantity: 1 },
    headers: admission ? { 'admission-token': admission } : {},
  });

/** Polls until the ticket is admitted (long polls, so it returns as soon as it is). */
async function untilAdmitted(showId: string, ticketId: string, token: string) {
  for (let i = 0; i < 20; i++) {
    const v = await poll(showId, ticketId, token, 2);
    if (v.body.status === 'admitted') return v.body;
  }
  throw new Error(`ticket ${ticketId} was never admitted`);
}

describe('waiting room over HTTP', () => {
  it('a show without a room: disabled view, joins refused, holds need no token', async () => {
    const showId = await t.createShow();
    const view = await t.call('GET', `/api/shows/${showId}/room`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ showId, enabled: false, state: 'closed', queued: 0 });
    const user = await t.register();
    const joined = await join(showId, user.token);
    expect(joined.status).toBe(409);
    expect(joined.body.code).toBe('room_not_open');
    expect((await holdOne(showId, user.token)).status).toBe(201);
    expect((await t.call('GET', '/api/shows/no-such-show/room')).status).toBe(404);
  });

  it('validates settings and needs an admin', async () => {
    const showId = await t.createShow();
    const user = await t.register();
    const body = { preQueueAt: iso(Date.now()), salesOpenAt: iso(Date.now() + 1000), maxActive: 1, admitPerMinute: 1 };
    expect((await t.call('PUT', `/api/admin/shows/${showId}/room`, { token: user.token, body })).status).toBe(403);
    const backwards = await configure(showId, { ...body, salesOpenAt: iso(Date.now() - 60_000) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('validation_failed');
    const zero = await configure(showId, { ...body, maxActive: 0 });
    expect(zero.status).toBe(400);
    // Nothing was configured by the refused requests.
    expect((await t.call('GET', `/api/shows/${showId}/room`)).body.enabled).toBe(false);
  });

  it('joining twice returns the same ticket; another account gets the next one', async () => {
    const showId = await roomShow();
    const [a, b] = [await t.register(), await t.register()];
    const first = await join(showId, a.token);
    expect(first.status).toBe(201);
    // Before a randomThenFifo room opens, a pre-queue place is not drawn yet: no position, an average wait.
    expect(first.body).toMatchObject({ showId, status: 'queued', position: null, admissionToken: null });
    expect(first.body.estimatedWaitSeconds).toBeGreaterThan(3000);
    const again = await join(showId, a.token);
    expect(again.status).toBe(200);
    expect(again.body.ticketId).toBe(first.body.ticketId);
    const other = await join(showId, b.token);
    expect(other.status).toBe(201);
    expect(other.body.ticketId).not.toBe(first.body.ticketId);
    const room = await t.call('GET', `/api/shows/${showId}/room`);
    expect(room.body).toMatchObject({ enabled: true, state: 'preQueue', queued: 2, method: 'randomThenFifo', turnMinutes: 10 });
    // Only the ticket's own account may read it.
    expect((await poll(showId, first.body.ticketId, b.token)).status).toBe(404);
    expect((await poll(showId, '999', a.token)).body.code).toBe('ticket_not_found');
  });

  it('refuses holds without a live admission token, admits by maxActive, and ends the turn on release', async () => {
    const showId = await roomShow({ maxActive: 1 }, 300);
    const [a, b] = [await t.register(), await t.register()];
    const ta = (await join(showId, a.token)).body.ticketId as string;
    const tb = (await join(showId, b.token)).body.ticketId as string;

    const refused = await holdOne(showId, a.token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'queue_required', queueUrl: `/api/shows/${showId}/queue` });
    expect((await holdOne(showId, a.token, 'not-a-token')).body.code).toBe('queue_required');

    // One of the two is admitted (random order at open), the other waits: maxActive is 1.
    let admittedIndex = -1;
    for (let i = 0; i < 100 && admittedIndex < 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      const views = await Promise.all([poll(showId, ta, a.token), poll(showId, tb, b.token)]);
      admittedIndex = views.findIndex((v) => v.body.status === 'admitted');
    }
    expect(admittedIndex).toBeGreaterThanOrEqual(0);
    const [winner, loser] = admittedIndex === 0 ? [a, b] : [b, a];
    const [winnerTicket, loserTicket] = admittedIndex === 0 ? [ta, tb] : [tb, ta];
    const admitted = await untilAdmitted(showId, winnerTicket, winner.token);
    expect(admitted.admissionToken).toEqual(expect.any(String));
    expect(Date.parse(admitted.turnEndsAt)).toBeGreaterThan(Date.now());
    expect((await poll(showId, loserTicket, loser.token)).body).toMatchObject({ status: 'queued', position: 1 });

    // The token is bound to its account.
    expect((await holdOne(showId, loser.token, admitted.admissionToken)).body.code).toBe('queue_required');
    const held = await holdOne(showId, winner.token, admitted.admissionToken);
    expect(held.status).toBe(201);

    // The loser's long poll answers when the winner's release ends the turn and lets it in.
    const waiting = poll(showId, loserTicket, loser.token, 10);
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.call('DELETE', `/api/shows/${showId}/holds/${held.body.holdId}`, { token: winner.token })).status).toBe(204);
    expect((await waiting).body.status).toBe('admitted');
    expect((await poll(showId, winnerTicket, winner.token)).body).toMatchObject({ status: 'done', admissionToken: null });
    expect((await holdOne(showId, winner.token, admitted.admissionToken)).body.code).toBe('queue_required');
  });

  it('ends the room: holds need no token afterwards', async () => {
    const showId = await roomShow();
    const user = await t.register();
    expect((await holdOne(showId, user.token)).status).toBe(403);
    const ended = await t.call('DELETE', `/api/admin/shows/${showId}/room`, { token: admin });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ enabled: false, state: 'ended' });
    expect((await holdOne(showId, user.token)).status).toBe(201);
    expect((await join(showId, user.token)).body.code).toBe('room_ended');
    expect((await configure(showId, { preQueueAt: iso(Date.now()), salesOpenAt: iso(Date.now()), maxActive: 1, admitPerMinute: 1 })).body.code).toBe('room_ended');
  });

  it('passthrough admits at join; an admin can pause, resume and revoke a turn', async () => {
    const showId = await roomShow({ method: 'passthrough', preQueueAt: iso(Date.now() - 2000) }, -1000);
    const roomState = async () => (await t.call('GET', `/api/shows/${showId}/room`)).body.state as string;
    for (let i = 0; i < 100 && (await roomState()) !== 'admitting'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await roomState()).toBe('admitting');
    const user = await t.register();
    const joined = await join(showId, user.token);
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ status: 'admitted', admissionToken: expect.any(String) });
    const token = joined.body.admissionToken as string;
    // Bound to its show: another show with a room refuses it.
    const otherShow = await roomShow();
    expect((await holdOne(otherShow, user.token, token)).body.code).toBe('queue_required');

    const paused = await t.call('POST', `/api/admin/shows/${showId}/room/pause`, { token: admin });
    expect(paused.body.state).toBe('paused');
    expect((await t.call('POST', `/api/admin/shows/${showId}/room/resume`, { token: admin })).body.state).toBe(
      'admitting',
    );
    const nobody = await t.call('POST', `/api/admin/shows/${showId}/room/revoke`, {
      token: admin,
      body: { userId: (await t.register()).userId },
    });
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('not_in_queue');
    const revoked = await t.call('POST', `/api/admin/shows/${showId}/room/revoke`, {
      token: admin,
      body: { userId: user.userId },
    });
    expect(revoked.status).toBe(200);
    expect((await holdOne(showId, user.token, token)).body.code).toBe('queue_required');
    expect((await t.call('POST', `/api/admin/shows/${await t.createShow()}/room/pause`, { token: admin })).body.code).toBe(
      'room_not_found',
    );
  });

  it('leaving gives up the place', async () => {
    const showId = await roomShow({ method: 'fifo' });
    const [a, b] = [await t.register(), await t.register()];
    const ta = (await join(showId, a.token)).body.ticketId as string;
    const tb = (await join(showId, b.token)).body.ticketId as string;
    expect((await poll(showId, tb, b.token)).body.position).toBe(2);
    const seen = await poll(showId, tb, b.token);
    expect(seen.headers.get('etag')).toEqual(expect.any(String));
    expect((await t.call('DELETE', `/api/shows/${showId}/queue/${ta}`, { token: a.token })).status).toBe(204);
    // A long poll with the ETag of an answer from before the change answers at once.
    const started = Date.now();
    const caughtUp = await t.call('GET', `/api/shows/${showId}/queue/${tb}?waitSeconds=20`, {
      token: b.token,
      headers: { 'if-none-match': seen.headers.get('etag')! },
    });
    expect(caughtUp.body.position).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(caughtUp.headers.get('etag')).not.toBe(seen.headers.get('etag'));
    expect((await t.call('GET', `/api/shows/${showId}/room`)).body.queued).toBe(1);
  });

  it('streams one ticket event per change over SSE', async () => {
    const showId = await roomShow({ method: 'fifo' });
    const [a, b] = [await t.register(), await t.register()];
    const ta = (await join(showId, a.token)).body.ticketId as string;
    const tb = (await join(showId, b.token)).body.ticketId as string;
    const res = await t.app.request(`/api/shows/${showId}/queue/${tb}/events`, {
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = collectSse(res, (events) => events.length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.call('DELETE', `/api/shows/${showId}/queue/${ta}`, { token: a.token })).status).toBe(204);
    const events = await reading;
    expect(events.map((e) => [e.event, e.data.position])).toEqual([
      ['ticket', 2],
      ['ticket', 1],
    ]);
    const foreign = await t.app.request(`/api/shows/${showId}/queue/${tb}/events`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(foreign.status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/admin/shows/{showId}/room',
        '/api/shows/{showId}/room',
        '/api/shows/{showId}/queue',
        '/api/shows/{showId}/queue/{ticketId}',
        '/api/shows/{showId}/queue/{ticketId}/events',
      ]),
    );
  });
});
