import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { decide, initialShowState, replay, type ShowState } from '../../../src/actors/show/show-state.js';
import type { ShowDecision, ShowEvent, ShowInput } from '../../../src/actors/show/types.js';
import { T0, gaLayout, mixedLayout, showInput, startShow } from './helpers.js';
import {
  checkCustomerCap,
  resolve,
  smallRules,
  stepArb,
  tinyCinema,
  tinyReserved,
  type Step,
} from './random-commands.js';

/*
 * The journal keeps decisions, and a rebuild applies them (evolve) without deciding again. These
 * properties hold the fast path the runtime uses (decide) to the XState chart, and the rebuild to
 * the live show, also when a rule has changed between the two.
 */

const rule = vi.hoisted(() => ({ fromTheBack: false }));

vi.mock('../../../src/actors/show/best-available.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/actors/show/best-available.js')>();
  return {
    ...real,
    // A later release's rule: best available fills the back rows first.
    place: ((d, pools, quantity, ch) =>
      real.place(
        d,
        rule.fromTheBack
          ? pools.map((cp) =>
              cp.reserved ? { ...cp, reserved: { ...cp.reserved, rows: [...cp.reserved.rows].reverse() } } : cp,
            )
          : pools,
        quantity,
        ch,
      )) as typeof real.place,
  };
});

interface Entry {
  event: ShowEvent;
  decisions: ShowDecision[];
  state: string;
}

/** Runs the steps live with decide, as the runtime does: the journal it would write and the end state. */
function runLive(input: ShowInput, steps: Step[]): { journal: Entry[]; end: ShowState; events: ShowEvent[] } {
  let state = initialShowState(input);
  let now = T0;
  const journal: Entry[] = [];
  const events: ShowEvent[] = [];
  steps.forEach((step, i) => {
    now += step.dt;
    const event = resolve(step, i, now, state.context);
    events.push(event);
    const decided = decide(state, event);
    state = decided.state;
    // Serialized as the journal stores it, so later in-place updates cannot leak into the record.
    if (decided.changed)
      journal.push(JSON.parse(JSON.stringify({ event, decisions: decided.decisions, state: state.value })) as Entry);
  });
  return { journal, end: JSON.parse(JSON.stringify(state)) as ShowState, events };
}

function rebuild(input: ShowInput, journal: Entry[]): ShowState {
  return journal.reduce(replay, initialShowState(input));
}

const layouts = [tinyReserved, gaLayout, mixedLayout, tinyCinema];
const runs = fc.tuple(fc.constantFrom(...layouts), fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }));

describe('decide and evolve', () => {
  it('decide answers and moves exactly as the XState chart does, the per-customer cap included', () => {
    let capped = 0;
    fc.assert(
      fc.property(runs, ([layout, steps]) => {
        const input = showInput(layout, { rules: smallRules });
        const chart = startShow(input);
        let state = initialShowState(input);
        expect(state.value).toBe(chart.state());
        let now = T0;
        steps.forEach((step, i) => {
          now += step.dt;
          const event = resolve(step, i, now, state.context);
          const decided = decide(state, event);
          expect(decided.outcomes).toEqual(chart.send(event));
          state = decided.state;
          expect(state.value).toBe(chart.state());
          expect(JSON.stringify(state.context)).toBe(JSON.stringify(chart.context()));
          checkCustomerCap(state.context);
          capped += decided.outcomes.filter((o) => 'code' in o && o.code === 'seat_limit_reached').length;
        });
      }),
      { numRuns: 150 },
    );
    // The runs reached the cap: the comparison covered its refusals, not only the commands under it.
    expect(capped).toBeGreaterThan(0);
  });

  it('a show rebuilt from its decisions equals the live show, from the start or from a snapshot', () => {
    fc.assert(
      fc.property(runs, fc.nat(), ([layout, steps], cutSeed) => {
        const input = showInput(layout, { rules: smallRules });
        const { journal, end } = runLive(input, steps);
        expect(rebuild(input, journal)).toEqual(end);
        // A snapshot partway, after a JSON round trip as stored, plus the journal after it.
        const cut = journal.length === 0 ? 0 : cutSeed % journal.length;
        const snapshot = JSON.parse(JSON.stringify(rebuild(input, journal.slice(0, cut)))) as ShowState;
        expect(journal.slice(cut).reduce(replay, snapshot)).toEqual(end);
      }),
      { numRuns: 150 },
    );
  });

  it('a rule changed in a later release does not change a rebuilt show', () => {
    fc.assert(
      fc.property(runs, ([layout, steps]) => {
        const input = showInput(layout, { rules: smallRules });
        rule.fromTheBack = false;
        const { journal, end } = runLive(input, steps);
        rule.fromTheBack = true;
        try {
          expect(rebuild(input, journal)).toEqual(end);
        } finally {
          rule.fromTheBack = false;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('re-deciding the commands under the changed rule would have rewritten history (the test can tell)', () => {
    const input = showInput(tinyReserved, { rules: smallRules });
    const hold: ShowEvent = { type: 'HOLD', holdId: 'h1', userId: 'u1', quantity: 2, now: T0 + 1 };
    const live = decide(initialShowState(input), hold);
    rule.fromTheBack = true;
    try {
      const redecided = decide(initialShowState(input), hold);
      const rebuilt = replay(initialShowState(input), {
        event: hold,
        decisions: live.decisions,
        state: live.state.value,
      });
      expect(redecided.state.context.rows).not.toEqual(live.state.context.rows);
      expect(rebuilt.context.rows).toEqual(live.state.context.rows);
    } finally {
      rule.fromTheBack = false;
    }
  });
});
