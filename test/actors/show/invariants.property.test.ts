import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../../src/actors/show/deadlines.js';
import type { ShowEvent, ShowOutcome } from '../../../src/actors/show/types.js';
import type { ShowDriver } from './helpers.js';
import { T0, gaLayout, mixedLayout, restoreShow, showInput, startShow } from './helpers.js';
import {
  checkCustomerCap,
  checkSeats,
  checkWaitlist,
  resolve,
  smallRules,
  stateValue,
  stepArb,
  tinyCinema,
  tinyReserved,
} from './random-commands.js';

describe('show machine invariants under random command sequences', () => {
  it('keeps seats, counts and the waitlist consistent, and replays to the same state', () => {
    const layouts = [tinyReserved, gaLayout, mixedLayout, tinyCinema];
    fc.assert(
      fc.property(
        fc.constantFrom(...layouts),
        fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }),
        (layout, steps) => {
          const input = showInput(layout, { rules: smallRules });
          const live = startShow(input);
          const events: ShowEvent[] = [];
          const outcomes: ShowOutcome[][] = [];
          const joinOrder: string[] = [];
          const cut = Math.floor(steps.length / 2);
          let midway: ReturnType<ShowDriver['persisted']> | null = null;
          let now = T0;

          steps.forEach((step, i) => {
            now += step.dt;
            const event = resolve(step, i, now, live.context());
            const out = live.send(event);
            events.push(event);
            outcomes.push(out);
            if (event.type !== 'TICK') expect(out.length, `${event.type} got no answer`).toBeGreaterThan(0);
            // Every command applies what is due at its time, so none leaves anything due behind it.
            const next = nextDeadline(live.context(), stateValue(live));
            expect(next === null || next > now, `${event.type} left something due`).toBe(true);
            for (const o of out) if (o.type === 'waitlist.joined') joinOrder.push(o.entryId);
            checkSeats(live.context());
            checkCustomerCap(live.context());
            checkWaitlist(
              live.context(),
              joinOrder,
              out.flatMap((o) => (o.type === 'waitlist.offered' ? [o.entryId] : [])),
            );
            // Serialized at once: the holds and bookings records are updated in place by later events.
            if (i + 1 === cut)
              midway = JSON.parse(JSON.stringify(live.persisted())) as ReturnType<ShowDriver['persisted']>;
          });

          const replay = startShow(input);
          events.forEach((event, i) => expect(replay.send(event)).toEqual(outcomes[i]));
          expect(replay.context()).toEqual(live.context());
          expect(replay.state()).toBe(live.state());

          if (midway) {
            const restored = restoreShow(input, midway);
            events.slice(cut).forEach((event, i) => expect(restored.send(event)).toEqual(outcomes[cut + i]));
            expect(restored.context()).toEqual(live.context());
            expect(restored.state()).toBe(live.state());
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
