import { enqueueActions, setup } from 'xstate';
import { applyRoomEvent } from './commands.js';
import type { RoomContext, RoomInput } from './context.js';
import { createRoomContext } from './context.js';
import { roomStateAfter } from './states.js';
import type { RoomEvent, RoomOutcome, RoomState } from './types.js';

const apply = { type: 'apply' } as const;
const leadsTo = (to: RoomState) => ({ type: 'leadsTo', params: { to } }) as const;
/** An event's own move to `to` (PAUSE, RESUME, SOLD_OUT, ...), as roomStateAfter judges it. */
const move = (to: RoomState) => ({ guard: leadsTo(to), target: to, actions: apply });

/** Events that never move a room by themselves (time still can: see the `always` transitions). */
const inPlace = {
  CONFIGURE: { actions: apply },
  JOIN: { actions: apply },
  LEAVE: { actions: apply },
  TICK: { actions: apply },
  TURN_DONE: { actions: apply },
  REVOKE: { actions: apply },
};

/**
 * Closed, in the pre-queue or admitting, a room answers the operator alike (pause, sell out, end);
 * the three differ only in where time moves them next.
 */
const beforeOrSelling = {
  ...inPlace,
  PAUSE: [move('paused'), { actions: apply }],
  RESUME: { actions: apply },
  SOLD_OUT: [move('soldOut'), { actions: apply }],
  SEATS_BACK: { actions: apply },
  END: [move('ended'), { actions: apply }],
};

/**
 * One waiting room. Every event runs `applyRoomEvent` once and its outcomes are emitted (collect
 * them with `actor.on('*')`). The chart's state is always the context's `state`: the `on` guards ask
 * `roomStateAfter` (the rule applyRoomEvent follows) before the event, and the time-driven moves
 * (the pre-queue opening at preQueueAt, admission starting at the first TICK from salesOpenAt) are
 * eventless transitions read after it, so the inspector draws them as time, not as any one event.
 * Like the show's, the runtime may step the room with applyRoomEvent alone; a property test holds the
 * two to the same states.
 */
export const roomMachine = setup({
  types: {} as { context: RoomContext; events: RoomEvent; input: RoomInput; emitted: RoomOutcome },
  guards: {
    leadsTo: ({ context, event }, params: { to: RoomState }) => roomStateAfter(context, event) === params.to,
    // Read after the event was applied: applyRoomEvent moved the context by the event's time.
    preQueueAtReached: ({ context }) => context.state === 'preQueue' || context.state === 'admitting',
    salesOpenReached: ({ context }) => context.state === 'admitting',
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) => {
      const result = applyRoomEvent(context, event);
      // The context changed in place; assigning it again tells XState (and its inspectors) it did.
      if (result.changed) enqueue.assign(() => ({ ...result.context }));
      for (const outcome of result.outcomes) enqueue.emit(outcome);
    }),
  },
}).createMachine({
  id: 'room.v1',
  context: ({ input }) => createRoomContext(input),
  initial: 'closed',
  states: {
    closed: {
      always: { guard: 'preQueueAtReached', target: 'preQueue' },
      on: beforeOrSelling,
    },
    preQueue: {
      always: { guard: 'salesOpenReached', target: 'admitting' },
      on: beforeOrSelling,
    },
    admitting: {
      on: beforeOrSelling,
    },
    paused: {
      on: {
        ...inPlace,
        PAUSE: { actions: apply },
        RESUME: [move('admitting'), move('preQueue'), move('closed'), { actions: apply }],
        SOLD_OUT: [move('soldOut'), { actions: apply }],
        SEATS_BACK: { actions: apply },
        END: [move('ended'), { actions: apply }],
      },
    },
    soldOut: {
      on: {
        ...inPlace,
        PAUSE: { actions: apply },
        RESUME: { actions: apply },
        SOLD_OUT: { actions: apply },
        SEATS_BACK: [move('admitting'), move('preQueue'), move('closed'), move('paused'), { actions: apply }],
        END: [move('ended'), { actions: apply }],
      },
    },
    // Not `type: 'final'`: a finished actor stops taking events, and callers must still get an answer.
    ended: {
      on: {
        ...inPlace,
        PAUSE: { actions: apply },
        RESUME: { actions: apply },
        SOLD_OUT: { actions: apply },
        SEATS_BACK: { actions: apply },
        END: { actions: apply },
      },
    },
  },
});
