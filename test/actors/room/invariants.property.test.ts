import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRoomEvent,
  burstOf,
  createRoomContext,
  rebuildRoom,
  replayRoom,
  roomFromSnapshot,
  roomSummary,
  roomToSnapshot,
  ticketView,
  type QueueMethod,
  type RoomEvent,
  type RoomOutcome,
  type RoomSettings,
  type TicketNo,
} from '../../../src/actors/room/index.js';
import { MIN, SEC, T0, account, expectSameRoom, lineOf, livePlaces, only, startRoom } from './helpers.js';

type Step =
  | { kind: 'JOIN' | 'LEAVE' | 'REVOKE' | 'TURN_DONE'; who: number; dt: number }
  | { kind: 'TICK'; seed: number; dt: number }
  | { kind: 'PAUSE' | 'RESUME' | 'SOLD_OUT' | 'SEATS_BACK' | 'END'; dt: number }
  | { kind: 'CONFIGURE'; maxActive: number; turnMinutes: number; dt: number };

const dt = fc.integer({ min: 0, max: 40 * SEC });
const who = fc.integer({ min: 0, max: 11 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ kind: fc.constant('JOIN' as const), who, dt }) },
  { weight: 30, arbitrary: fc.record({ kind: fc.constant('TICK' as const), seed: fc.nat(), dt }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('LEAVE' as const), who, dt }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('REVOKE' as const), who, dt }) },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('TURN_DONE' as const), who, dt }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constantFrom('PAUSE' as const, 'RESUME' as const, 'SOLD_OUT' as const, 'SEATS_BACK' as const),
      dt,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('CONFIGURE' as const),
      maxActive: fc.integer({ min: 1, max: 4 }),
      turnMinutes: fc.integer({ min: 1, max: 3 }),
      dt,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('END' as const), dt }) },
);

/** One of two ids that are not UUIDs, so the slow path is exercised too. */
function accountFor(n: number): string {
  return n >= 10 ? `named-${n}` : account(n);
}

function eventOf(step: Step, now: number, base: RoomSettings): RoomEvent {
  switch (step.kind) {
    case 'JOIN':
    case 'LEAVE':
    case 'REVOKE':
      return { type: step.kind, now, accountId: accountFor(step.who) };
    case 'TURN_DONE':
      return { type: step.kind, now, accountId: accountFor(step.who), reason: 'confirmed' };
    case 'TICK':
      return { type: 'TICK', now, seed: step.seed };
    case 'CONFIGURE':
      return {
        type: 'CONFIGURE',
        now,
        settings: { ...base, maxActive: step.maxActive, turnMs: step.turnMinutes * MIN },
      };
    default:
      return { type: step.kind, now };
  }
}

const settingsArb = fc.record({
  method: fc.constantFrom<QueueMethod>('randomThenFifo', 'fifo', 'passthrough'),
  maxActive: fc.integer({ min: 1, max: 8 }),
  admitPerMinute: fc.oneof(fc.constantFrom(1, 2, 3, 6, 7), fc.integer({ min: 1, max: 120 })),
  turnMinutes: fc.integer({ min: 1, max: 3 }),
  openAfterMinutes: fc.integer({ min: 0, max: 6 }),
});

/** A plain check where a step runs many of them: expect() per item would dominate the run time. */
function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

const sorted = (tickets: TicketNo[]) => [...tickets].sort((a, b) => a - b);

describe('room invariants under random event sequences', () => {
  it('one place per account, the line only moves from the front, limits and rate hold, and replay (or evolve) gives the same room', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(stepArb, { minLength: 1, maxLength: 80 }), (s, steps) => {
        const base: RoomSettings = {
          preQueueAt: T0,
          salesOpenAt: T0 + s.openAfterMinutes * MIN,
          method: s.method,
          maxActive: s.maxActive,
          admitPerMinute: s.admitPerMinute,
          turnMs: s.turnMinutes * MIN,
        };
        const room = startRoom();
        const events: RoomEvent[] = [{ type: 'CONFIGURE', now: T0 - MIN, settings: base }];
        const outcomes: RoomOutcome[][] = [room.send(events[0]!)];
        const admissionTimes: number[] = [];
        const postOpen = new Set<TicketNo>();
        const postOpenAdmitted: TicketNo[] = [];
        let midway: string | null = null;
        let now = T0 - MIN;
        let adminPaused = false;

        steps.forEach((step, i) => {
          now += step.dt;
          const event = eventOf(step, now, base);
          const ctx = room.context();
          const before = lineOf(ctx);
          const block = new Set(before.filter((t) => ctx.tickets.slotOf[t - 1]! < ctx.preQueueEnd));
          const out = room.send(event);
          events.push(event);
          outcomes.push(out);
          const after = room.context();

          // The chart lights the state the rules are in.
          expect(room.state()).toBe(after.state);

          // One account, one live place.
          for (const [id, places] of livePlaces(after))
            check(places.length === 1, `${id} has places ${places.join(', ')}`);

          // The line changes only by leaving, joining at the back, admitting from the front, and the one shuffle.
          const left = new Set(only(out, 'queue.left').map((o) => o.ticket));
          const joined = only(out, 'queue.joined')
            .filter((o) => !o.already)
            .map((o) => o.ticket);
          const admitted = only(out, 'turn.admitted').map((o) => o.ticket);
          const expected = [...before.filter((t) => !left.has(t)), ...joined];
          const got = [...admitted, ...lineOf(after)];
          if (only(out, 'queue.shuffled').length > 0) {
            expect(sorted(got)).toEqual(sorted(expected));
            expect(got.slice(0, block.size).every((t) => block.has(t))).toBe(true);
            expect(got.filter((t) => !block.has(t))).toEqual(expected.filter((t) => !block.has(t)));
          } else {
            expect(got).toEqual(expected);
          }

          // Positions are 1..n in line order (once places are drawn), and the summary agrees.
          const line = lineOf(after);
          if (after.state !== 'soldOut' && after.state !== 'ended')
            line.forEach((t, k) => {
              const view = ticketView(after, t, now)!;
              const drawnLater =
                after.openedAt === null &&
                after.settings!.method === 'randomThenFifo' &&
                after.tickets.slotOf[t - 1]! < after.preQueueEnd;
              check(view.position === (drawnLater ? null : k + 1), `ticket ${t} at ${k + 1} says ${view.position}`);
              check(view.status === 'queued', `ticket ${t} in line says ${view.status}`);
            });
          expect(roomSummary(after, now)).toMatchObject({ queued: line.length, active: after.active.length });

          // An admin's pause holds until RESUME, through a sell-out and the seats coming back.
          const refused = out.some((o) => o.type === 'room.rejected');
          if (event.type === 'PAUSE' && !refused) adminPaused = true;
          if (event.type === 'RESUME' && !refused) adminPaused = false;
          const pausedNow = after.state === 'paused' || (after.state === 'soldOut' && after.pauseKept);
          check(
            pausedNow === (adminPaused && after.state !== 'ended'),
            `paused by the admin: ${adminPaused}, the room is ${after.state} (pause kept: ${after.pauseKept})`,
          );
          if (adminPaused) check(admitted.length === 0, `${admitted.length} admitted while paused`);

          // Never more live turns than allowed when someone is let in.
          if (admitted.length > 0 && base.method !== 'passthrough')
            expect(after.active.length).toBeLessThanOrEqual(after.settings!.maxActive);
          for (let k = 0; k < admitted.length; k++) admissionTimes.push(now);

          // After opening, arrival order is admission order.
          if (after.openedAt !== null) for (const t of joined) postOpen.add(t);
          postOpenAdmitted.push(...admitted.filter((t) => postOpen.has(t)));

          if (i === Math.floor(steps.length / 2)) midway = JSON.stringify(roomToSnapshot(after));
        });

        expect(postOpenAdmitted).toEqual(sorted(postOpenAdmitted));

        // A token bucket of burst B at r a minute: never more than B + r * span / 60 s in any window.
        if (base.method !== 'passthrough') {
          const burst = burstOf(base.admitPerMinute);
          for (let a = 0; a < admissionTimes.length; a++)
            for (let b = a; b < admissionTimes.length; b++)
              check(
                b - a + 1 <= burst + (base.admitPerMinute * (admissionTimes[b]! - admissionTimes[a]!)) / MIN + 1e-9,
                `${b - a + 1} admissions between ${admissionTimes[a]} and ${admissionTimes[b]}`,
              );
        }

        // Replay: the same events give the same outcomes and a deep-equal room.
        const replayed = createRoomContext({ showId: 'show-1' });
        events.forEach((event, i) => expect(applyRoomEvent(replayed, event).outcomes).toEqual(outcomes[i]));
        expectSameRoom(replayed, room.context());
        // Evolve: the journaled outcomes alone, nothing decided again.
        expectSameRoom(
          rebuildRoom(
            { showId: 'show-1' },
            events.map((event, i) => ({ event, outcomes: outcomes[i]! })),
          ),
          room.context(),
        );
        const live = JSON.stringify(roomToSnapshot(room.context()));
        // Events that changed nothing need not be journaled.
        const journaled = events.filter((_, i) => outcomes[i]!.some((o) => o.type !== 'room.rejected'));
        expect(JSON.stringify(roomToSnapshot(replayRoom({ showId: 'show-1' }, journaled)))).toBe(live);
        // A snapshot midway plus the events after it.
        if (midway !== null) {
          const cut = Math.floor(steps.length / 2) + 2;
          const resumed = replayRoom(roomFromSnapshot(JSON.parse(midway)), events.slice(cut));
          expect(JSON.stringify(roomToSnapshot(resumed))).toBe(live);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('an admin’s pause holds through sell-outs and seats coming back, and replays the same', () => {
    // The admin's switches and the show's sell-outs often, in every order: the case above draws them rarely.
    const pauseStep: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constantFrom('PAUSE' as const, 'RESUME' as const, 'SOLD_OUT' as const, 'SEATS_BACK' as const),
          dt,
        }),
      },
      fc.record({ kind: fc.constant('JOIN' as const), who, dt }),
      fc.record({ kind: fc.constant('TURN_DONE' as const), who, dt }),
      fc.record({ kind: fc.constant('TICK' as const), seed: fc.nat(), dt }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<QueueMethod>('randomThenFifo', 'fifo', 'passthrough'),
        fc.array(pauseStep, { minLength: 1, maxLength: 40 }),
        (method, steps) => {
          const base: RoomSettings = {
            preQueueAt: T0,
            salesOpenAt: T0 + MIN,
            method,
            maxActive: 2,
            admitPerMinute: 60,
            turnMs: MIN,
          };
          const room = startRoom();
          const journal = [
            { event: { type: 'CONFIGURE', now: T0 - MIN, settings: base } as RoomEvent, outcomes: [] as RoomOutcome[] },
          ];
          journal[0]!.outcomes = room.send(journal[0]!.event);
          let now = T0;
          let adminPaused = false;
          for (const step of steps) {
            now += step.dt;
            const event = eventOf(step, now, base);
            const out = room.send(event);
            journal.push({ event, outcomes: out });
            const after = room.context();
            expect(room.state()).toBe(after.state);
            const refused = out.some((o) => o.type === 'room.rejected');
            if (event.type === 'PAUSE' && !refused) adminPaused = true;
            if (event.type === 'RESUME' && !refused) adminPaused = false;
            const pausedNow = after.state === 'paused' || (after.state === 'soldOut' && after.pauseKept);
            expect(pausedNow, `${event.type} leaves the room ${after.state}`).toBe(adminPaused);
            if (adminPaused) expect(only(out, 'turn.admitted')).toEqual([]);
          }
          expectSameRoom(rebuildRoom({ showId: 'show-1' }, journal), room.context());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('admits at the pace of the bucket exactly: never faster over any window, never idle while a token waits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 240 }),
        fc.array(fc.integer({ min: 0, max: 5 * SEC }), { minLength: 1, maxLength: 100 }),
        (rate, gaps) => {
          const room = startRoom();
          const open = T0 + MIN;
          room.send({
            type: 'CONFIGURE',
            now: T0 - MIN,
            settings: {
              preQueueAt: T0,
              salesOpenAt: open,
              method: 'fifo',
              maxActive: 10_000,
              admitPerMinute: rate,
              turnMs: 60 * MIN,
            },
          });
          for (let n = 0; n < 1000; n++) room.send({ type: 'JOIN', now: T0, accountId: account(n) });
          const burst = burstOf(rate);
          const times: number[] = [];
          let now = open;
          for (const gap of [0, ...gaps]) {
            now += gap;
            times.push(...only(room.send({ type: 'TICK', now, seed: 1 }), 'turn.admitted').map(() => now));
            // The bucket refills continuously: by now it has let in its burst and a token per 60000/rate ms.
            const owed = Math.min(1000, burst + Math.floor((rate * (now - open)) / MIN));
            check(
              times.length >= owed - 1 && times.length <= owed,
              `${times.length} admitted by ${now - open} ms, owed ${owed}`,
            );
          }
          for (let a = 0; a < times.length; a++)
            for (let b = a; b < times.length; b++)
              check(
                b - a + 1 <= burst + (rate * (times[b]! - times[a]!)) / MIN + 1e-9,
                `${b - a + 1} in ${times[b]! - times[a]!} ms`,
              );
        },
      ),
      { numRuns: 60 },
    );
  });
});
