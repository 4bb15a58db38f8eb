import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../../src/actors/show/deadlines.js';
import { phaseOf } from '../../../src/actors/show/phase.js';
import { phaseAfter } from '../../../src/actors/show/sales.js';
import type { ShowEvent, ShowOutcome } from '../../../src/actors/show/types.js';
import type { ShowDriver } from './helpers.js';
import { MIN, T0, gaLayout, mixedLayout, restoreShow, showInput, startShow } from './helpers.js';
import {
  checkSeats,
  checkWaitlist,
  resolve,
  smallRules,
  stateValue,
  stepArb,
  tinyCinema,
  tinyReserved,
} from './random-commands.js';

type Persisted = ReturnType<ShowDriver['persisted']>;

const freeze = (show: ShowDriver): Persisted => JSON.parse(JSON.stringify(show.persisted())) as Persisted;

/**
 * A command about a hold that ran out as it caught up says `hold_expired`, where the same command
 * after a separate TICK can only say `hold_not_found`; that answer is the one intended difference.
 */
function sameAnswer(outcomes: ShowOutcome[]): ShowOutcome[] {
  return outcomes.map((o) =>
    o.type === 'hold.action_rejected' && o.code === 'hold_expired' ? { ...o, code: 'hold_not_found' } : o,
  );
}

/** No TICKs at all, and more long gaps: whatever falls due is applied by the next command. */
const commandArb = fc
  .tuple(
    stepArb.filter((step) => step.kind !== 'tick'),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([step, roll]) => (roll < 2 ? { ...step, dt: step.dt + 5 * MIN } : step));

describe('every command first applies what fell due at its time', () => {
  it('gives the same state as TICK(now) followed by the command, and replays without TICKs', () => {
    let caughtUp = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(tinyReserved, gaLayout, mixedLayout, tinyCinema),
        // Sometimes a window: sales that open after the first commands and close later on.
        fc.option(fc.tuple(fc.integer({ min: 1, max: 10 * MIN }), fc.integer({ min: 1, max: 60 * MIN }))),
        fc.array(commandArb, { minLength: 1, maxLength: 50, size: 'max' }),
        (layout, window, steps) => {
          const input = showInput(layout, {
            rules: smallRules,
            ...(window ? { salesOpenAt: T0 + window[0], salesCloseAt: T0 + window[0] + window[1] } : {}),
          });
          const live = startShow(input);
          const events: ShowEvent[] = [];
          const outcomes: ShowOutcome[][] = [];
          const joinOrder: string[] = [];
          const cut = Math.floor(steps.length / 2);
          let midway: Persisted | null = null;
          let now = T0;

          steps.forEach((step, i) => {
            now += step.dt;
            const event = resolve(step, i, now, live.context());
            const before = { context: live.context(), phase: phaseOf(stateValue(live)) };
            const twin = restoreShow(input, freeze(live));
            const ticked = twin.send({ type: 'TICK', now });
            const after = twin.send(event);
            const out = live.send(event);

            if (ticked.length > 0) caughtUp++;
            expect(live.state()).toBe(twin.state());
            // The statechart's transitions and the command logic agree on where the show is.
            expect(phaseOf(stateValue(live))).toBe(phaseAfter(before.context, event, before.phase));
            expect(live.context()).toEqual(twin.context());
            expect(sameAnswer(out)).toEqual(sameAnswer([...ticked, ...after]));

            const next = nextDeadline(live.context(), stateValue(live));
            expect(next === null || next > now, `${event.type} left something due`).toBe(true);
            for (const o of out) if (o.type === 'waitlist.joined') joinOrder.push(o.entryId);
            checkSeats(live.context());
            checkWaitlist(
              live.context(),
              joinOrder,
              out.flatMap((o) => (o.type === 'waitlist.offered' ? [o.entryId] : [])),
            );
            events.push(event);
            outcomes.push(out);
            if (i + 1 === cut) midway = freeze(live);
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
      { numRuns: 100 },
    );
    // The sequences must really send commands after deadlines, or the property proves nothing.
    expect(caughtUp).toBeGreaterThan(100);
  });
});
