import { createActor, type Snapshot } from 'xstate';
import { showMachine } from '../../../src/actors/show/machine.js';
import { seatInfo, type SeatIndex, type SeatInfo } from '../../../src/actors/show/seat-index.js';
import { stateString } from '../../../src/actors/show/views.js';
import type {
  ShowContext,
  ShowEvent,
  ShowInput,
  ShowLayout,
  ShowOutcome,
  ShowRules,
} from '../../../src/actors/show/types.js';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const T0 = Date.UTC(2030, 0, 1);

export const rules: ShowRules = {
  maxSeatsPerOrder: 10,
  holdTtlMs: 5 * MIN,
  holdGraceMs: 5 * SEC,
  offerTtlMs: 5 * MIN,
  waitlistMaxWaitMs: 60 * MIN,
  paymentBoundMs: 2 * MIN,
};

/** Two premium rows of 6 and two regular rows of 8, all reserved. */
export const reservedLayout: ShowLayout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 6, category: 'premium' },
        { row: 'B', seats: 6, category: 'premium' },
        { row: 'C', seats: 8, category: 'regular' },
        { row: 'D', seats: 8, category: 'regular' },
      ],
    },
  ],
  categories: [
    { category: 'premium', price: 5000 },
    { category: 'regular', price: 3000 },
  ],
  currency: 'EUR',
};

export const gaLayout: ShowLayout = {
  sections: [{ name: 'Floor', kind: 'general', capacity: 10, category: 'standing' }],
  categories: [{ category: 'standing', price: 2000 }],
  currency: 'EUR',
};

export const mixedLayout: ShowLayout = {
  sections: [
    {
      name: 'Balcony',
      kind: 'reserved',
      rows: [
        { row: 'K', seats: 4, category: 'premium' },
        { row: 'L', seats: 5, category: 'regular' },
      ],
    },
    { name: 'Pit', kind: 'general', capacity: 6, category: 'standing' },
    { name: 'Back', kind: 'general', capacity: 3, category: 'regular' },
  ],
  categories: [
    { category: 'premium', price: 7000 },
    { category: 'regular', price: 4000 },
    { category: 'standing', price: 2500 },
  ],
  currency: 'EUR',
};

export function showInput(layout: ShowLayout, overrides: Partial<ShowInput> = {}): ShowInput {
  return { showId: 'show-1', layout, rules, createdAt: T0, salesOpenAt: null, salesCloseAt: null, ...overrides };
}

export interface ShowDriver {
  send(event: ShowEvent): ShowOutcome[];
  context(): ShowContext;
  state(): string;
  persisted(): Snapshot<unknown>;
}

function drive(actor: ReturnType<typeof createActor<typeof showMachine>>): ShowDriver {
  const collected: ShowOutcome[] = [];
  actor.on('*', (outcome) => collected.push(outcome));
  actor.start();
  return {
    send(event) {
      collected.length = 0;
      actor.send(event);
      return collected.splice(0);
    },
    context: () => actor.getSnapshot().context,
    state: () => stateString(actor.getSnapshot().value),
    persisted: () => actor.getPersistedSnapshot(),
  };
}

/** Starts a show actor and collects what it emits for each command. */
export function startShow(input: ShowInput): ShowDriver {
  return drive(createActor(showMachine, { input }));
}

/** Restores a show actor from a persisted snapshot after a JSON round trip, as the runtime does. */
export function restoreShow(input: ShowInput, persisted: Snapshot<unknown>): ShowDriver {
  const snapshot = JSON.parse(JSON.stringify(persisted)) as Snapshot<unknown>;
  // XState's types ask for input whenever a machine declares one; a restored actor ignores it.
  return drive(createActor(showMachine, { snapshot, input }));
}

export function only<T extends ShowOutcome['type']>(
  outcomes: ShowOutcome[],
  type: T,
): Extract<ShowOutcome, { type: T }>[] {
  return outcomes.filter((o): o is Extract<ShowOutcome, { type: T }> => o.type === type);
}

/** Every reserved seat of an index, named (the index itself keeps only each seat's row). */
export function allSeats(index: SeatIndex): SeatInfo[] {
  return Array.from({ length: index.seatCount }, (_, seat) => seatInfo(index, seat));
}
