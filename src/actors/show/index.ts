export { showMachine } from './machine.js';
export { createInitialContext } from './context.js';
export { applyCommand, type CommandResult } from './commands.js';
export { evolve } from './evolve.js';
export { isOutcome } from './decisions.js';
export { decide, initialShowState, replay, stateValueObject, type Decided, type ShowState } from './show-state.js';
export { nextDeadline } from './deadlines.js';
export { phaseOf, type Phase } from './phase.js';
export { describeHold, placedSeats, seatMap, stateString, summarize, type HoldView } from './views.js';
export {
  seatIdOf,
  seatInfo,
  seatOf,
  seatIndex,
  type SeatIndex,
  type SeatInfo,
  type RowInfo,
  type CategoryInfo,
  type SectionInfo,
} from './seat-index.js';
export { offerHoldId } from './hold-ops.js';
export type * from './types.js';
