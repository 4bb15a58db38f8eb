import { enqueueActions, setup } from 'xstate';
import { applyCommand } from './commands.js';
import { createInitialContext } from './context.js';
import type { Availability } from './counts.js';
import { availabilityOf } from './counts.js';
import type { Phase } from './phase.js';
import { phaseAfter, salesCloseDue, salesOpenDue } from './sales.js';
import type { ShowContext, ShowEvent, ShowInput, ShowOutcome } from './types.js';

const apply = (phase: Phase) => ({ type: 'apply', params: { phase } }) as const;
const stay = (phase: Phase) => ({ actions: apply(phase) });
const leadsTo = (from: Phase, to: Phase) => ({ type: 'leadsTo', params: { from, to } }) as const;
const availabilityIs = (is: Availability) => ({ type: 'availabilityIs', params: { is } }) as const;

/**
 * Commands (and TICK) that never move a show by themselves: answered (or refused) where it stands.
 * Time can still move it, since every command first applies what fell due at its `now`: the
 * eventless `salesOpenReached` / `salesCloseReached` transitions follow sales opening or closing.
 */
const commandsIn = (phase: Phase) => ({
  HOLD: stay(phase),
  RELEASE: stay(phase),
  BEGIN_PAYMENT: stay(phase),
  CONFIRM: stay(phase),
  PAYMENT_FAILED: stay(phase),
  CANCEL_BOOKING: stay(phase),
  JOIN_WAITLIST: stay(phase),
  LEAVE_WAITLIST: stay(phase),
  TICK: stay(phase),
});

/** The time of the event being handled; none for XState's own (start-up) events. */
function eventTime(event: { type: string }): number | null {
  const now = (event as { now?: unknown }).now;
  return typeof now === 'number' ? now : null;
}

/**
 * One show. Every event runs `applyCommand` once, which returns the next context and the outcomes;
 * the outcomes are emitted so the runtime can collect them with `actor.on('*')` during `send`.
 * Phase changes follow the same rules the command logic uses: `phaseAfter` for an admin's edit, and
 * for time the sales window read at the event's `now`. The inspector draws these transitions, so the
 * time-driven ones are eventless (`always`) rather than repeated under every command.
 */
export const showMachine = setup({
  types: {} as { context: ShowContext; events: ShowEvent; input: ShowInput; emitted: ShowOutcome },
  guards: {
    isOpenFromStart: ({ context }) => context.salesOpenAt === null,
    leadsTo: ({ context, event }, params: { from: Phase; to: Phase }) =>
      phaseAfter(context, event, params.from) === params.to,
    availabilityIs: ({ context }, params: { is: Availability }) => availabilityOf(context.counts) === params.is,
    // Read after the event was applied, with its time: the same rule phaseAtTime gives applyCommand.
    salesOpenReached: ({ context, event }) => {
      const now = eventTime(event);
      return now !== null && salesOpenDue(context, now);
    },
    salesCloseReached: ({ context, event }) => {
      const now = eventTime(event);
      return now !== null && salesCloseDue(context, now);
    },
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }, params: { phase: Phase }) => {
      const result = applyCommand(context, event, params.phase);
      if (result.context !== context) enqueue.assign(() => result.context);
      for (const outcome of result.outcomes) enqueue.emit(outcome);
    }),
  },
}).createMachine({
  id: 'show.v1',
  context: ({ input }) => createInitialContext(input),
  initial: 'scheduled',
  states: {
    scheduled: {
      always: [
        { guard: 'isOpenFromStart', target: 'onSale' },
        { guard: 'salesOpenReached', target: 'onSale' },
      ],
      on: {
        ...commandsIn('scheduled'),
        OPEN_SALES: { target: 'onSale', actions: apply('scheduled') },
        CLOSE_SALES: { target: 'salesClosed', actions: apply('scheduled') },
        CANCEL_SHOW: { target: 'cancelled', actions: apply('scheduled') },
        UPDATE_SHOW: [
          { guard: leadsTo('scheduled', 'salesClosed'), target: 'salesClosed', actions: apply('scheduled') },
          { guard: leadsTo('scheduled', 'onSale'), target: 'onSale', actions: apply('scheduled') },
          stay('scheduled'),
        ],
      },
    },
    onSale: {
      initial: 'available',
      always: { guard: 'salesCloseReached', target: 'salesClosed' },
      states: {
        available: {
          always: [
            { guard: availabilityIs('soldOut'), target: 'soldOut' },
            { guard: availabilityIs('allHeld'), target: 'allHeld' },
          ],
        },
        allHeld: {
          always: [
            { guard: availabilityIs('available'), target: 'available' },
            { guard: availabilityIs('soldOut'), target: 'soldOut' },
          ],
        },
        soldOut: {
          always: [
            { guard: availabilityIs('available'), target: 'available' },
            { guard: availabilityIs('allHeld'), target: 'allHeld' },
          ],
        },
      },
      on: {
        ...commandsIn('onSale'),
        OPEN_SALES: stay('onSale'),
        CLOSE_SALES: { target: 'salesClosed', actions: apply('onSale') },
        CANCEL_SHOW: { target: 'cancelled', actions: apply('onSale') },
        UPDATE_SHOW: [
          { guard: leadsTo('onSale', 'salesClosed'), target: 'salesClosed', actions: apply('onSale') },
          stay('onSale'),
        ],
      },
    },
    salesClosed: {
      on: {
        ...commandsIn('salesClosed'),
        OPEN_SALES: stay('salesClosed'),
        CLOSE_SALES: stay('salesClosed'),
        CANCEL_SHOW: { target: 'cancelled', actions: apply('salesClosed') },
        UPDATE_SHOW: [
          { guard: leadsTo('salesClosed', 'onSale'), target: 'onSale', actions: apply('salesClosed') },
          stay('salesClosed'),
        ],
      },
    },
    // Not `type: 'final'`: a finished actor stops taking events, and callers must still get an answer.
    cancelled: {
      on: {
        ...commandsIn('cancelled'),
        OPEN_SALES: stay('cancelled'),
        CLOSE_SALES: stay('cancelled'),
        CANCEL_SHOW: stay('cancelled'),
        UPDATE_SHOW: stay('cancelled'),
      },
    },
  },
});
