import { describe, expect, it } from 'vitest';
import {
  evolveRoom,
  liveTurn,
  roomFromSnapshot,
  roomSummary,
  roomToSnapshot,
  ticketView,
} from '../../../src/actors/room/index.js';
import { MIN, OPEN, SEC, T0, account, configuredRoom, joinAll, lineOf, only, settings, startRoom } from './helpers.js';

describe('room: closed and the pre-queue', () => {
  it('refuses joins before preQueueAt and in a room nobody configured', () => {
    const bare = startRoom();
    expect(bare.send({ type: 'JOIN', now: T0, accountId: account(1) })).toEqual([
      { type: 'room.rejected', event: 'JOIN', code: 'room_not_open', accountId: account(1) },
    ]);
    const room = configuredRoom();
    expect(room.send({ type: 'JOIN', now: T0 - 1, accountId: account(1) })[0]).toMatchObject({ code: 'room_not_open' });
    expect(room.state()).toBe('closed');
    expect(room.context().tickets.size).toBe(0);
  });

  it('opens the pre-queue at preQueueAt: the first join there moves the room and gets ticket 1', () => {
    const room = configuredRoom();
    const out = room.send({ type: 'JOIN', now: T0, accountId: account(1) });
    expect(out).toEqual([
      { type: 'room.state', from: 'closed', to: 'preQueue' },
      { type: 'queue.joined', accountId: account(1), ticket: 1, already: false },
    ]);
    expect(room.state()).toBe('preQueue');
  });

  it('opens the pre-queue at once when configured after preQueueAt', () => {
    const room = startRoom();
    const out = room.send({ type: 'CONFIGURE', now: T0 + SEC, settings: settings() });
    expect(out.map((o) => o.type)).toEqual(['room.configured', 'room.state']);
    expect(room.state()).toBe('preQueue');
  });

  it('gives one place per account: joining again answers the same ticket', () => {
    const room = configuredRoom();
    room.send({ type: 'JOIN', now: T0, accountId: account(1) });
    room.send({ type: 'JOIN', now: T0 + 1, accountId: account(2) });
    expect(room.send({ type: 'JOIN', now: T0 + 2, accountId: account(1) })).toEqual([
      { type: 'queue.joined', accountId: account(1), ticket: 1, already: true },
    ]);
    expect(room.context().tickets.size).toBe(2);
    expect(roomSummary(room.context(), T0 + 3).queued).toBe(2);
  });

  it('keeps accounts that are not UUIDs apart from each other too', () => {
    const room = configuredRoom();
    room.send({ type: 'JOIN', now: T0, accountId: 'alice' });
    room.send({ type: 'JOIN', now: T0, accountId: 'bob' });
    expect(room.send({ type: 'JOIN', now: T0, accountId: 'alice' })[0]).toMatchObject({ ticket: 1, already: true });
    expect(ticketView(room.context(), 'bob', T0)?.ticket).toBe(2);
  });

  it('draws pre-queue places at opening: until then a place has no position', () => {
    const room = configuredRoom();
    joinAll(room, 1, 5, T0);
    const view = ticketView(room.context(), account(3), T0 + MIN)!;
    expect(view).toMatchObject({ status: 'queued', position: null, ahead: 0, turnEndsAt: null });
    // 29 minutes to opening, then the average place of five (two ahead) at 60 a minute.
    expect(view.estimatedWaitMs).toBe(OPEN - (T0 + MIN) + 2 * SEC);
  });

  it('with fifo, shows positions in arrival order before opening', () => {
    const room = configuredRoom({ method: 'fifo' });
    joinAll(room, 1, 5, T0);
    expect(ticketView(room.context(), account(4), T0)).toMatchObject({ position: 4, ahead: 3 });
  });
});

describe('room: opening', () => {
  it('needs a TICK: it carries the seed, which the shuffle records', () => {
    const room = configuredRoom();
    joinAll(room, 1, 5, T0);
    room.send({ type: 'JOIN', now: OPEN, accountId: account(99) });
    expect(room.state()).toBe('preQueue');
    const out = room.send({ type: 'TICK', now: OPEN + 10, seed: 1234 });
    expect(out.slice(0, 2)).toEqual([
      { type: 'room.state', from: 'preQueue', to: 'admitting' },
      { type: 'queue.shuffled', seed: 1234, count: 5 },
    ]);
    expect(room.state()).toBe('admitting');
    expect(room.context().shuffleSeed).toBe(1234);
    // Three admitted (maxActive), all from the shuffled pre-queue; the one who came at OPEN is last in line.
    const admitted = only(out, 'turn.admitted').map((o) => o.ticket);
    expect(admitted).toHaveLength(3);
    expect(admitted.every((t) => t <= 5)).toBe(true);
    expect(lineOf(room.context()).at(-1)).toBe(6);
    expect(ticketView(room.context(), account(99), OPEN + 10)).toMatchObject({ position: 3, ahead: 2 });
  });

  it('with fifo, admits in arrival order and shuffles nothing', () => {
    const room = configuredRoom({ method: 'fifo' });
    joinAll(room, 1, 5, T0);
    const out = room.send({ type: 'TICK', now: OPEN, seed: 7 });
    expect(only(out, 'queue.shuffled')).toEqual([]);
    expect(only(out, 'turn.admitted').map((o) => o.ticket)).toEqual([1, 2, 3]);
  });

  it('with passthrough, admits everyone at opening and every later join at once, past maxActive', () => {
    const room = configuredRoom({ method: 'passthrough', maxActive: 1 });
    joinAll(room, 1, 4, T0);
    expect(only(room.send({ type: 'TICK', now: OPEN, seed: 1 }), 'turn.admitted')).toHaveLength(4);
    const out = room.send({ type: 'JOIN', now: OPEN + SEC, accountId: account(5) });
    expect(out).toEqual([
      { type: 'queue.joined', accountId: account(5), ticket: 5, already: false },
      { type: 'turn.admitted', accountId: account(5), ticket: 5, turnEndsAt: OPEN + SEC + 10 * MIN },
    ]);
    expect(roomSummary(room.context(), OPEN + SEC)).toMatchObject({ active: 5, queued: 0, admittedTotal: 5 });
  });
});

describe('room: admission', () => {
  it('admits no faster than the rate: a burst of rate/6, then one token per 60000/rate ms', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 100, admitPerMinute: 60 });
    joinAll(room, 1, 30, T0);
    expect(only(room.send({ type: 'TICK', now: OPEN, seed: 0 }), 'turn.admitted')).toHaveLength(10);
    expect(room.send({ type: 'TICK', now: OPEN + 999, seed: 0 })).toEqual([]);
    expect(only(room.send({ type: 'TICK', now: OPEN + SEC, seed: 0 }), 'turn.admitted').map((o) => o.ticket)).toEqual([
      11,
    ]);
    expect(only(room.send({ type: 'TICK', now: OPEN + 3500, seed: 0 }), 'turn.admitted')).toHaveLength(2);
    expect(roomSummary(room.context(), OPEN + 3500)).toMatchObject({ admittedTotal: 13, admittedLastMinute: 13 });
    expect(roomSummary(room.context(), OPEN + 62 * SEC).admittedLastMinute).toBe(2);
    expect(roomSummary(room.context(), OPEN + 63 * SEC).admittedLastMinute).toBe(0);
  });

  it('keeps live turns under maxActive: the next is admitted when a turn ends', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 2, turnMs: 5 * MIN });
    joinAll(room, 1, 4, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(room.send({ type: 'TICK', now: OPEN + MIN, seed: 0 })).toEqual([]);
    expect(ticketView(room.context(), account(3), OPEN + MIN)).toMatchObject({ status: 'queued', position: 1 });
    expect(liveTurn(room.context(), account(1), OPEN + MIN)).toEqual({ ticket: 1, turnEndsAt: OPEN + 5 * MIN });
  });

  it('ends a turn when it expires, and admits the next in the same step', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1, turnMs: 5 * MIN });
    joinAll(room, 1, 2, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    // Not yet processed, but a poll already says the turn is over, and the hold check refuses it.
    expect(ticketView(room.context(), account(1), OPEN + 5 * MIN)?.status).toBe('done');
    expect(liveTurn(room.context(), account(1), OPEN + 5 * MIN)).toBeNull();
    expect(room.send({ type: 'TICK', now: OPEN + 5 * MIN, seed: 0 })).toEqual([
      { type: 'turn.ended', accountId: account(1), ticket: 1, reason: 'expired' },
      { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + 10 * MIN },
    ]);
    expect(ticketView(room.context(), account(2), OPEN + 5 * MIN)).toMatchObject({
      status: 'admitted',
      turnEndsAt: OPEN + 10 * MIN,
      position: null,
    });
  });

  it('ends a turn early when the hold is confirmed or released, and lets the next in at once', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1 });
    joinAll(room, 1, 2, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    const out = room.send({ type: 'TURN_DONE', now: OPEN + SEC, accountId: account(1), reason: 'confirmed' });
    expect(out).toEqual([
      { type: 'turn.ended', accountId: account(1), ticket: 1, reason: 'confirmed' },
      { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + SEC + 10 * MIN },
    ]);
    expect(room.send({ type: 'TURN_DONE', now: OPEN + SEC, accountId: account(1), reason: 'released' })).toEqual([
      { type: 'room.rejected', event: 'TURN_DONE', code: 'not_in_queue', accountId: account(1) },
    ]);
  });

  it('revokes a turn or a place', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1, admitPerMinute: 1 });
    joinAll(room, 1, 3, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(room.send({ type: 'REVOKE', now: OPEN + 1, accountId: account(3) })).toEqual([
      { type: 'queue.left', accountId: account(3), ticket: 3 },
    ]);
    expect(room.send({ type: 'REVOKE', now: OPEN + 2, accountId: account(1) })).toEqual([
      { type: 'turn.ended', accountId: account(1), ticket: 1, reason: 'revoked' },
    ]);
    expect(liveTurn(room.context(), account(1), OPEN + 2)).toBeNull();
    expect(ticketView(room.context(), account(3), OPEN + 2)?.status).toBe('done');
    expect(room.send({ type: 'REVOKE', now: OPEN + 3, accountId: account(9) })[0]).toMatchObject({
      code: 'not_in_queue',
    });
  });

  it('lets a customer leave: those behind move up, and a new join goes to the back', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1, admitPerMinute: 1 });
    joinAll(room, 1, 4, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(ticketView(room.context(), account(4), OPEN)).toMatchObject({ position: 3, ahead: 2 });
    expect(room.send({ type: 'LEAVE', now: OPEN + 1, accountId: account(2) })).toEqual([
      { type: 'queue.left', accountId: account(2), ticket: 2 },
    ]);
    expect(ticketView(room.context(), account(4), OPEN + 1)).toMatchObject({ position: 2, ahead: 1 });
    expect(room.send({ type: 'JOIN', now: OPEN + 2, accountId: account(2) })[0]).toMatchObject({
      ticket: 5,
      already: false,
    });
    expect(ticketView(room.context(), account(2), OPEN + 2)).toMatchObject({ ticket: 5, position: 3 });
    expect(ticketView(room.context(), 2, OPEN + 2)?.status).toBe('done');
    expect(room.send({ type: 'LEAVE', now: OPEN + 3, accountId: account(77) })[0]).toMatchObject({
      code: 'not_in_queue',
    });
  });

  it('estimates the wait from the observed rate, never above the configured one', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 2, admitPerMinute: 6, turnMs: MIN });
    joinAll(room, 1, 12, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    // One admitted at opening (burst 1): the configured 6/min is the bound, so 10 s a place.
    expect(ticketView(room.context(), account(4), OPEN + SEC)).toMatchObject({
      position: 3,
      estimatedWaitMs: 20 * SEC,
    });
    // Thirty seconds in, 2 admitted (maxActive held the rest back): 4 a minute, 15 s a place.
    room.send({ type: 'TICK', now: OPEN + 10 * SEC, seed: 0 });
    expect(ticketView(room.context(), account(4), OPEN + 30 * SEC)).toMatchObject({
      position: 2,
      admittedLastMinute: 2,
      estimatedWaitMs: 15 * SEC,
    });
  });
});

describe('room: pause, sold out, end', () => {
  it('pauses admissions but keeps the line and takes joins; resume admits again', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1, turnMs: MIN });
    joinAll(room, 1, 3, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(room.send({ type: 'PAUSE', now: OPEN + 1 })).toEqual([
      { type: 'room.state', from: 'admitting', to: 'paused' },
    ]);
    expect(room.state()).toBe('paused');
    // The turn still ends on time, but nobody new comes in.
    expect(room.send({ type: 'TICK', now: OPEN + MIN, seed: 0 })).toEqual([
      { type: 'turn.ended', accountId: account(1), ticket: 1, reason: 'expired' },
    ]);
    expect(room.send({ type: 'JOIN', now: OPEN + MIN, accountId: account(4) })[0]).toMatchObject({ ticket: 4 });
    expect(ticketView(room.context(), account(2), OPEN + MIN)).toMatchObject({ status: 'queued', position: 1 });
    expect(room.send({ type: 'PAUSE', now: OPEN + MIN })).toEqual([]);
    expect(room.send({ type: 'RESUME', now: OPEN + 2 * MIN })).toEqual([
      { type: 'room.state', from: 'paused', to: 'admitting' },
      { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + 3 * MIN },
    ]);
    expect(room.state()).toBe('admitting');
  });

  it('paused before opening: sales open at the first TICK after RESUME, with that TICK’s seed', () => {
    const room = configuredRoom();
    joinAll(room, 1, 3, T0);
    room.send({ type: 'PAUSE', now: T0 + MIN });
    expect(room.send({ type: 'TICK', now: OPEN + SEC, seed: 5 })).toEqual([]);
    expect(room.send({ type: 'RESUME', now: OPEN + 2 * SEC })).toEqual([
      { type: 'room.state', from: 'paused', to: 'preQueue' },
    ]);
    expect(room.state()).toBe('preQueue');
    const out = room.send({ type: 'TICK', now: OPEN + 3 * SEC, seed: 6 });
    expect(out).toContainEqual({ type: 'queue.shuffled', seed: 6, count: 3 });
    expect(room.state()).toBe('admitting');
  });

  it('refuses PAUSE and RESUME where they mean nothing', () => {
    const room = configuredRoom();
    expect(room.send({ type: 'PAUSE', now: T0 - 1 })).toEqual([
      { type: 'room.rejected', event: 'PAUSE', code: 'invalid_transition' },
    ]);
    expect(room.send({ type: 'RESUME', now: T0 - 1 })).toEqual([
      { type: 'room.rejected', event: 'RESUME', code: 'invalid_transition' },
    ]);
    expect(room.state()).toBe('closed');
  });

  it('sold out: the queued see soldOut, new joins are refused, and seats coming back resume admission', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1 });
    joinAll(room, 1, 3, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(room.send({ type: 'SOLD_OUT', now: OPEN + 1 })).toEqual([
      { type: 'room.state', from: 'admitting', to: 'soldOut' },
    ]);
    expect(ticketView(room.context(), account(2), OPEN + 1)).toMatchObject({
      status: 'soldOut',
      position: null,
      estimatedWaitMs: null,
    });
    expect(ticketView(room.context(), account(1), OPEN + 1)?.status).toBe('admitted');
    expect(room.send({ type: 'JOIN', now: OPEN + 2, accountId: account(9) })).toEqual([
      { type: 'room.rejected', event: 'JOIN', code: 'sold_out', accountId: account(9) },
    ]);
    expect(room.send({ type: 'JOIN', now: OPEN + 2, accountId: account(3) })[0]).toMatchObject({
      already: true,
      ticket: 3,
    });
    expect(room.send({ type: 'CONFIGURE', now: OPEN + 2, settings: settings() })[0]).toMatchObject({
      code: 'invalid_transition',
    });
    room.send({ type: 'TURN_DONE', now: OPEN + 3, accountId: account(1), reason: 'confirmed' });
    expect(room.send({ type: 'SEATS_BACK', now: OPEN + 4 })).toEqual([
      { type: 'room.state', from: 'soldOut', to: 'admitting' },
      { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + 4 + 10 * MIN },
    ]);
    expect(ticketView(room.context(), account(3), OPEN + 4)).toMatchObject({ status: 'queued', position: 1 });
  });

  it('a sell-out keeps the admin’s pause: seats coming back return the room to paused, not admitting', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1, turnMs: MIN });
    joinAll(room, 1, 3, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    room.send({ type: 'PAUSE', now: OPEN + 1 });
    expect(room.send({ type: 'SOLD_OUT', now: OPEN + 2 })).toEqual([
      { type: 'room.state', from: 'paused', to: 'soldOut' },
    ]);
    expect(ticketView(room.context(), account(2), OPEN + 2)?.status).toBe('soldOut');
    // The turn runs out while sold out; the seats come back, and still nobody is let in.
    room.send({ type: 'TICK', now: OPEN + MIN, seed: 0 });
    expect(room.send({ type: 'SEATS_BACK', now: OPEN + MIN + 1 })).toEqual([
      { type: 'room.state', from: 'soldOut', to: 'paused' },
    ]);
    expect(room.state()).toBe('paused');
    expect(room.send({ type: 'TICK', now: OPEN + 2 * MIN, seed: 0 })).toEqual([]);
    expect(room.send({ type: 'RESUME', now: OPEN + 2 * MIN })).toEqual([
      { type: 'room.state', from: 'paused', to: 'admitting' },
      { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + 3 * MIN },
    ]);
  });

  it('an admin pauses or resumes a sold-out room: that decides where seats coming back take it', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1 });
    joinAll(room, 1, 3, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    room.send({ type: 'SOLD_OUT', now: OPEN + 1 });
    expect(room.send({ type: 'RESUME', now: OPEN + 2 })).toEqual([
      { type: 'room.rejected', event: 'RESUME', code: 'invalid_transition' },
    ]);
    expect(room.send({ type: 'PAUSE', now: OPEN + 2 })).toEqual([{ type: 'room.pauseKept', kept: true }]);
    expect(room.send({ type: 'PAUSE', now: OPEN + 3 })).toEqual([]);
    expect(room.state()).toBe('soldOut');
    expect(room.send({ type: 'RESUME', now: OPEN + 4 })).toEqual([{ type: 'room.pauseKept', kept: false }]);
    room.send({ type: 'TURN_DONE', now: OPEN + 5, accountId: account(1), reason: 'confirmed' });
    expect(room.send({ type: 'SEATS_BACK', now: OPEN + 6 })).toEqual([
      { type: 'room.state', from: 'soldOut', to: 'admitting' },
      { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + 6 + 10 * MIN },
    ]);
    // Kept through a snapshot and through a rebuild by evolve.
    room.send({ type: 'SOLD_OUT', now: OPEN + 7 });
    room.send({ type: 'PAUSE', now: OPEN + 8 });
    expect(roomFromSnapshot(JSON.parse(JSON.stringify(roomToSnapshot(room.context())))).pauseKept).toBe(true);
  });

  it('ends: every ticket says so, and the room refuses what people ask and ignores the rest', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1 });
    joinAll(room, 1, 2, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(room.send({ type: 'END', now: OPEN + 1 })).toEqual([{ type: 'room.state', from: 'admitting', to: 'ended' }]);
    expect(room.state()).toBe('ended');
    expect(ticketView(room.context(), account(1), OPEN + 1)?.status).toBe('ended');
    expect(ticketView(room.context(), account(2), OPEN + 1)?.status).toBe('ended');
    expect(liveTurn(room.context(), account(1), OPEN + 1)).toBeNull();
    expect(room.send({ type: 'JOIN', now: OPEN + 2, accountId: account(3) })[0]).toMatchObject({ code: 'room_ended' });
    expect(room.send({ type: 'CONFIGURE', now: OPEN + 2, settings: settings() })[0]).toMatchObject({
      code: 'room_ended',
    });
    expect(room.send({ type: 'TICK', now: OPEN + 20 * MIN, seed: 0 })).toEqual([]);
    expect(room.send({ type: 'END', now: OPEN + 20 * MIN })).toEqual([]);
  });
});

describe('room: settings', () => {
  it.each([
    ['a zero maxActive', { maxActive: 0 }],
    ['a fractional rate', { admitPerMinute: 1.5 }],
    ['a negative turn', { turnMs: -1 }],
    ['a pre-queue after the opening', { preQueueAt: OPEN + 1 }],
    ['an unknown method', { method: 'reject' as never }],
  ])('refuses %s and changes nothing', (_, bad) => {
    const room = startRoom();
    expect(room.send({ type: 'CONFIGURE', now: T0, settings: settings(bad) })).toEqual([
      { type: 'room.rejected', event: 'CONFIGURE', code: 'invalid_settings' },
    ]);
    expect(room.context().settings).toBeNull();
    expect(room.state()).toBe('closed');
  });

  it('cannot move the opening once admission started, but can change the rest', () => {
    const room = configuredRoom({ method: 'fifo' });
    joinAll(room, 1, 2, T0);
    room.send({ type: 'TICK', now: OPEN, seed: 0 });
    expect(
      room.send({ type: 'CONFIGURE', now: OPEN + 1, settings: settings({ salesOpenAt: OPEN - MIN }) })[0],
    ).toMatchObject({
      code: 'invalid_settings',
    });
    const out = room.send({ type: 'CONFIGURE', now: OPEN + 1, settings: settings({ maxActive: 10, method: 'fifo' }) });
    expect(out[0]).toMatchObject({ type: 'room.configured' });
    expect(room.context().settings?.maxActive).toBe(10);
  });

  it('before opening, a later salesOpenAt keeps everyone who joined so far in the shuffled pre-queue', () => {
    const room = configuredRoom();
    joinAll(room, 1, 2, T0);
    room.send({ type: 'JOIN', now: OPEN + 1, accountId: account(3) });
    room.send({ type: 'CONFIGURE', now: OPEN + 2, settings: settings({ salesOpenAt: OPEN + MIN }) });
    room.send({ type: 'JOIN', now: OPEN + 3, accountId: account(4) });
    expect(room.context().preQueueEnd).toBe(4);
    expect(only(room.send({ type: 'TICK', now: OPEN + MIN, seed: 3 }), 'queue.shuffled')[0]?.count).toBe(4);
  });
});

describe('room: snapshots', () => {
  it('survive JSON and give back the same room', () => {
    const room = configuredRoom({ maxActive: 2 });
    joinAll(room, 1, 40, T0);
    room.send({ type: 'JOIN', now: T0, accountId: 'carol' });
    room.send({ type: 'LEAVE', now: T0 + 1, accountId: account(5) });
    room.send({ type: 'TICK', now: OPEN, seed: 99 });
    const json = JSON.stringify(roomToSnapshot(room.context()));
    const restored = roomFromSnapshot(JSON.parse(json));
    expect(JSON.stringify(roomToSnapshot(restored))).toBe(json);
    for (let n = 1; n <= 40; n++)
      expect(ticketView(restored, account(n), OPEN + 1)).toEqual(ticketView(room.context(), account(n), OPEN + 1));
    expect(ticketView(restored, 'carol', OPEN + 1)).toEqual(ticketView(room.context(), 'carol', OPEN + 1));
    expect(roomSummary(restored, OPEN + 1)).toEqual(roomSummary(room.context(), OPEN + 1));
  });
});

describe('room: evolve', () => {
  it('applies what was journaled without deciding again: a later rule cannot rewrite who got in', () => {
    const room = configuredRoom({ method: 'fifo', maxActive: 1 });
    joinAll(room, 1, 2, T0);
    const context = room.context();
    // Journaled by an older release that let ticket 2 in first: the rebuild keeps it that way.
    evolveRoom(context, {
      event: { type: 'TICK', now: OPEN, seed: 0 },
      outcomes: [
        { type: 'room.state', from: 'preQueue', to: 'admitting' },
        { type: 'turn.admitted', accountId: account(2), ticket: 2, turnEndsAt: OPEN + MIN },
      ],
    });
    expect(context.state).toBe('admitting');
    expect(liveTurn(context, account(2), OPEN)).toEqual({ ticket: 2, turnEndsAt: OPEN + MIN });
    expect(ticketView(context, account(1), OPEN)).toMatchObject({ status: 'queued', position: 1 });
    expect(roomSummary(context, OPEN)).toMatchObject({ queued: 1, active: 1, admittedTotal: 1, admittedLastMinute: 1 });
  });
});
