import { enqueueActions, setup } from 'xstate';
import { applyCommand } from './commands.js';
import { createInitialContext } from './context.js';
import type { Availability } from './counts.js';
import { availabilityOf } from './counts.js';
import type { Phase } from './phase.js';
import { phaseAfter } from './sales.js';
import type { ShowContext, ShowEvent, ShowInput, ShowOutcome } from './types.js';

const apply = (phase: Phase) => ({ type: 'apply', params: { phase } }) as const;
const leadsTo = (from: Phase, to: Phase) => ({ type: 'leadsTo', params: { from, to } }) as const;
const availabilityIs = (is: Availability) => ({ type: 'availabilityIs', params: { is } }) as const;

/** Where a show can go from each phase; `phaseAfter` decides which, for any event. */
const exits: Record<Phase, readonly Phase[]> = {
  scheduled: ['salesClosed', 'onSale', 'cancelled'],
  onSale: ['salesClosed', 'cancelled'],
  salesClosed: ['onSale', 'cancelled'],
  cancelled: [],
};

/**
 * Every event in a phase: applied once, and followed to the phase `phaseAfter` names. Any command
 * can move a show, not only the sales commands: it first catches up with its own time, which may
 * open or close sales (see applyCommand).
 */
function handle(from: Phase) {
  const transitions = [
    ...exits[from].map((to) => ({ guard: leadsTo(from, to), target: to, actions: apply(from) })),
    { actions: apply(from) },
  ];
  return {
    HOLD: transitions,
    RELEASE: transitions,
    BEGIN_PAYMENT: transitions,
    CONFIRM: transitions,
    PAYMENT_FAILED: transitions,
    CANCEL_BOOKING: transitions,
    JOIN_WAITLIST: transitions,
    LEAVE_WAITLIST: transitions,
    TICK: transitions,
    OPEN_SALES: transitions,
    CLOSE_SALES: transitions,
    CANCEL_SHOW: transitions,
    UPDATE_SHOW: transitions,
  };
}

/**
 * One show. Every event runs `applyCommand` once, which returns the next context and the outcomes;
 * the outcomes are emitted so the runtime can collect them with `actor.on('*')` during `send`.
 * Phase changes are chosen by guards that call the same `phaseAfter` rule the command logic uses.
 */
export const showMachine = setup({
  types: {} as { context: ShowContext; events: ShowEvent; input: ShowInput; emitted: ShowOutcome },
  guards: {
    isOpenFromStart: ({ context }) => context.salesOpenAt === null,
    leadsTo: ({ context, event }, params: { from: Phase; to: Phase }) =>
      phaseAfter(context, event, params.from) === params.to,
    availabilityIs: ({ context }, params: { is: Availability }) => availabilityOf(context.counts) === params.is,
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
      always: { guard: 'isOpenFromStart', target: 'onSale' },
      on: handle('scheduled'),
    },
    onSale: {
      initial: 'available',
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
      on: handle('onSale'),
    },
    salesClosed: { on: handle('salesClosed') },
    // Not `type: 'final'`: a finished actor stops taking events, and callers must still get an answer.
    cancelled: { on: handle('cancelled') },
  },
});
