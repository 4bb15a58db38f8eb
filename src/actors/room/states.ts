import type { RoomContext } from './context.js';
import type { QueueMethod, RoomEvent, RoomSettings, RoomState } from './types.js';

/*
 * Which state a room is in after an event: the one rule that both `applyRoomEvent` and the chart's
 * guards follow, so the inspector's lit state is always the context's. An event first catches up with
 * its time (the pre-queue opens at preQueueAt; a TICK at or after salesOpenAt starts admission, since
 * only a TICK carries the seed the shuffle needs), then does its own move, then the pre-queue opens if
 * the move left a closed room whose time has come (a CONFIGURE with a past preQueueAt, a RESUME).
 */

const METHODS: readonly QueueMethod[] = ['randomThenFifo', 'fifo', 'passthrough'];

/** States in which CONFIGURE is accepted (contract): not once sold out or ended. */
const CONFIGURABLE: readonly RoomState[] = ['closed', 'preQueue', 'admitting', 'paused'];

function isTime(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

function isPositive(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) > 0;
}

/** The reason settings are refused, or null when they are acceptable in this room at `now`. */
export function settingsProblem(context: RoomContext, settings: RoomSettings): string | null {
  if (!isTime(settings.preQueueAt) || !isTime(settings.salesOpenAt)) return 'times must be epoch milliseconds';
  if (settings.preQueueAt > settings.salesOpenAt) return 'preQueueAt must not be after salesOpenAt';
  if (!METHODS.includes(settings.method)) return `method must be one of ${METHODS.join(', ')}`;
  if (!isPositive(settings.maxActive)) return 'maxActive must be a positive integer';
  if (!isPositive(settings.admitPerMinute)) return 'admitPerMinute must be a positive integer';
  if (!isPositive(settings.turnMs)) return 'turnMs must be a positive integer';
  // Admission has started: the opening (and the shuffle it did) is history and cannot move.
  if (context.openedAt !== null && context.settings && settings.salesOpenAt !== context.settings.salesOpenAt)
    return 'salesOpenAt cannot change once the room has opened';
  return null;
}

export function canConfigure(state: RoomState): boolean {
  return CONFIGURABLE.includes(state);
}

/** Where time takes a room by `now`. Only a TICK opens sales: it carries the shuffle's seed. */
export function stateAtTime(settings: RoomSettings | null, state: RoomState, now: number, tick: boolean): RoomState {
  if (!settings) return state;
  let next = state;
  if (next === 'closed' && now >= settings.preQueueAt) next = 'preQueue';
  if (next === 'preQueue' && tick && now >= settings.salesOpenAt) next = 'admitting';
  return next;
}

/** Where a room goes back to after a pause or a sell-out: admitting once opened, else by time. */
function resumed(context: RoomContext): RoomState {
  return context.openedAt !== null ? 'admitting' : 'closed';
}

/** The event's own move, in a room that has caught up with the event's time. */
export function stepState(context: RoomContext, event: RoomEvent, state: RoomState): RoomState {
  if (state === 'ended') return state;
  switch (event.type) {
    case 'END':
      return 'ended';
    case 'PAUSE':
      return state === 'preQueue' || state === 'admitting' ? 'paused' : state;
    case 'RESUME':
      return state === 'paused' ? resumed(context) : state;
    case 'SOLD_OUT':
      return state === 'soldOut' ? state : 'soldOut';
    case 'SEATS_BACK':
      if (state !== 'soldOut') return state;
      return context.pauseKept ? 'paused' : resumed(context);
    default:
      return state;
  }
}

/** The settings a room runs with after the event: a CONFIGURE's when it is accepted. */
export function settingsAfter(context: RoomContext, event: RoomEvent, state: RoomState): RoomSettings | null {
  if (event.type === 'CONFIGURE' && canConfigure(state) && settingsProblem(context, event.settings) === null)
    return event.settings;
  return context.settings;
}

/** The state after an event, counting its time first: what the chart's guards ask. */
export function roomStateAfter(context: RoomContext, event: RoomEvent): RoomState {
  const caughtUp = stateAtTime(context.settings, context.state, event.now, event.type === 'TICK');
  const moved = stepState(context, event, caughtUp);
  return stateAtTime(settingsAfter(context, event, caughtUp), moved, event.now, false);
}
