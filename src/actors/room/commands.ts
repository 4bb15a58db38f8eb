import type { RoomContext } from './context.js';
import { mulberry32, shuffleInPlace } from './prng.js';
import { burstOf, noteAdmissions, tokensAt } from './rate.js';
import { canConfigure, settingsProblem, stateAtTime, stepState } from './states.js';
import {
  ADMITTED,
  DONE,
  accountKey,
  accountOf,
  endTicket,
  frontTicket,
  issueTicket,
  leaveLine,
  shuffleFront,
  ticketOf,
} from './tickets.js';
import type { AccountId, RoomEvent, RoomOutcome, RoomRejectCode, RoomSettings, RoomState, TicketNo } from './types.js';

export interface RoomResult {
  /** The same object that was passed in, changed in place (see context.ts). */
  context: RoomContext;
  outcomes: RoomOutcome[];
  /**
   * False when the event changed nothing (a refusal, a TICK with nothing due): the runtime need not
   * journal it, and a replay without it reaches the same context. Every change comes with an outcome.
   */
  changed: boolean;
}

type TurnEndReason = Extract<RoomOutcome, { type: 'turn.ended' }>['reason'];

/**
 * Applies one event to a room: the whole of its rules as one deterministic function (time and the
 * seed come in the event), so the machine's action is one line and the rules are tested without
 * XState. Like the show, every event first applies what fell due at its `now` (the pre-queue opening,
 * turns ending), then does its own work, then admits whoever may be admitted at that time: a turn
 * that ends early lets the next customer in at once instead of at the next TICK.
 */
export function applyRoomEvent(context: RoomContext, event: RoomEvent): RoomResult {
  const out: RoomOutcome[] = [];
  const now = event.now;
  if (context.state === 'ended') {
    endedAnswer(event, out);
    return { context, outcomes: out, changed: false };
  }

  moveTo(context, stateAtTime(context.settings, context.state, now, event.type === 'TICK'), event, out);
  expireDueTurns(context, now, out);

  switch (event.type) {
    case 'CONFIGURE':
      configure(context, event, out);
      break;
    case 'JOIN':
      join(context, event, out);
      break;
    case 'LEAVE':
      leave(context, event.accountId, 'left', event, out);
      break;
    case 'REVOKE':
      leave(context, event.accountId, 'revoked', event, out);
      break;
    case 'TURN_DONE': {
      const ticket = liveTicket(context, event.accountId);
      if (ticket !== 0 && context.tickets.status[ticket - 1] === ADMITTED) endTurn(context, ticket, event.reason, out);
      else reject(out, event, 'not_in_queue', event.accountId);
      break;
    }
    case 'PAUSE':
      if (context.state === 'closed') reject(out, event, 'invalid_transition');
      else if (context.state === 'soldOut' && !context.pauseKept) keepPause(context, true, out);
      break;
    case 'RESUME':
      if (context.state === 'soldOut' && context.pauseKept) keepPause(context, false, out);
      else if (context.state === 'closed' || context.state === 'soldOut') reject(out, event, 'invalid_transition');
      break;
    case 'TICK':
    case 'SOLD_OUT':
    case 'SEATS_BACK':
    case 'END':
      break;
    default: {
      const unknown: never = event;
      throw new Error(`unknown room event: ${JSON.stringify(unknown)}`);
    }
  }

  moveTo(context, stateAtTime(context.settings, stepState(context, event, context.state), now, false), event, out);
  if (context.state === 'admitting') admitDue(context, now, out);
  return { context, outcomes: out, changed: out.some((o) => o.type !== 'room.rejected') };
}

function reject(out: RoomOutcome[], event: RoomEvent, code: RoomRejectCode, accountId?: AccountId): void {
  out.push(
    accountId === undefined
      ? { type: 'room.rejected', event: event.type, code }
      : { type: 'room.rejected', event: event.type, code, accountId },
  );
}

/** An ended room answers what a person asked for; what the system sends (ticks, show changes) it ignores. */
function endedAnswer(event: RoomEvent, out: RoomOutcome[]): void {
  switch (event.type) {
    case 'CONFIGURE':
    case 'JOIN':
    case 'PAUSE':
    case 'RESUME':
      reject(out, event, 'room_ended');
      return;
    case 'LEAVE':
    case 'REVOKE':
      reject(out, event, 'room_ended', event.accountId);
      return;
    default:
      return;
  }
}

function moveTo(context: RoomContext, to: RoomState, event: RoomEvent, out: RoomOutcome[]): void {
  const from = context.state;
  if (to === from) return;
  enterState(context, from, to);
  out.push({ type: 'room.state', from, to });
  if (to === 'admitting' && context.openedAt === null) open(context, event, out);
}

/** The state changes; a pause lives on through a sell-out, as `pauseKept`, until the room leaves soldOut. */
export function enterState(context: RoomContext, from: RoomState, to: RoomState): void {
  context.state = to;
  context.pauseKept = to === 'soldOut' && from === 'paused';
}

/** An admin pauses or resumes a sold-out room: only where seats coming back will take it changes. */
function keepPause(context: RoomContext, kept: boolean, out: RoomOutcome[]): void {
  context.pauseKept = kept;
  out.push({ type: 'room.pauseKept', kept });
}

/** Admission starts: the pre-queue gets its random order (randomThenFifo) and the bucket fills. */
function open(context: RoomContext, event: RoomEvent, out: RoomOutcome[]): void {
  startAdmission(context, event.now);
  if (context.settings!.method !== 'randomThenFifo') return;
  // stateAtTime opens sales only on a TICK, so the seed is always there.
  const seed = event.type === 'TICK' ? event.seed >>> 0 : 0;
  out.push({ type: 'queue.shuffled', seed, count: shufflePreQueue(context, seed) });
}

export function startAdmission(context: RoomContext, now: number): void {
  context.openedAt = now;
  context.bucket = { tokens: burstOf(context.settings!.admitPerMinute), at: now };
}

/** The pre-queue's one shuffle: returns how many places were drawn. */
export function shufflePreQueue(context: RoomContext, seed: number): number {
  const random = mulberry32(seed);
  context.shuffleSeed = seed;
  return shuffleFront(context.tickets, context.preQueueEnd, (items, length) => shuffleInPlace(items, length, random));
}

function configure(context: RoomContext, event: Extract<RoomEvent, { type: 'CONFIGURE' }>, out: RoomOutcome[]): void {
  if (!canConfigure(context.state)) return reject(out, event, 'invalid_transition');
  if (settingsProblem(context, event.settings) !== null) return reject(out, event, 'invalid_settings');
  useSettings(context, event.settings, event.now);
  out.push({ type: 'room.configured', settings: { ...event.settings } });
}

export function useSettings(context: RoomContext, settings: RoomSettings, now: number): void {
  if (context.openedAt !== null && context.settings) {
    // The bucket keeps what it holds, up to the new burst, from now on at the new rate.
    const level = tokensAt(context.bucket, context.settings, now);
    context.bucket = { tokens: Math.min(burstOf(settings.admitPerMinute), level), at: now };
  }
  // Sales open later than the line has been told: everyone in it so far joined before the opening.
  if (context.openedAt === null && settings.salesOpenAt > now) context.preQueueEnd = context.tickets.slots;
  context.settings = { ...settings };
}

/** The account's ticket if it is queued or admitted, else 0. */
export function liveTicket(context: RoomContext, accountId: AccountId, key = accountKey(accountId)): TicketNo {
  const ticket = ticketOf(context.tickets, accountId, key);
  return ticket !== 0 && context.tickets.status[ticket - 1] !== DONE ? ticket : 0;
}

function join(context: RoomContext, event: Extract<RoomEvent, { type: 'JOIN' }>, out: RoomOutcome[]): void {
  const { accountId } = event;
  const key = accountKey(accountId);
  const live = liveTicket(context, accountId, key);
  if (live !== 0) {
    out.push({ type: 'queue.joined', accountId, ticket: live, already: true });
    return;
  }
  if (context.state === 'closed') return reject(out, event, 'room_not_open', accountId);
  if (context.state === 'soldOut') return reject(out, event, 'sold_out', accountId);
  out.push({ type: 'queue.joined', accountId, ticket: addToLine(context, accountId, event.now, key), already: false });
}

export function addToLine(
  context: RoomContext,
  accountId: AccountId,
  now: number,
  key = accountKey(accountId),
): TicketNo {
  const store = context.tickets;
  // The shuffled block is those who joined before sales opened, in one run from the first slot.
  const early = context.openedAt === null && now < context.settings!.salesOpenAt && context.preQueueEnd === store.slots;
  const ticket = issueTicket(store, accountId, now, key);
  if (early) context.preQueueEnd = store.slots;
  return ticket;
}

function leave(
  context: RoomContext,
  accountId: AccountId,
  reason: 'left' | 'revoked',
  event: RoomEvent,
  out: RoomOutcome[],
): void {
  const ticket = liveTicket(context, accountId);
  if (ticket === 0) return reject(out, event, 'not_in_queue', accountId);
  if (context.tickets.status[ticket - 1] === ADMITTED) return endTurn(context, ticket, reason, out);
  leaveLine(context.tickets, ticket, DONE, event.now);
  out.push({ type: 'queue.left', accountId, ticket });
}

function endTurn(context: RoomContext, ticket: TicketNo, reason: TurnEndReason, out: RoomOutcome[]): void {
  removeTurn(context, ticket);
  out.push({ type: 'turn.ended', accountId: accountOf(context.tickets, ticket), ticket, reason });
}

export function removeTurn(context: RoomContext, ticket: TicketNo): void {
  endTicket(context.tickets, ticket);
  const at = context.active.indexOf(ticket);
  if (at >= 0) context.active.splice(at, 1);
  // Only the turn that was ending first can move the earliest end (passthrough may hold many turns).
  if (context.tickets.at[ticket - 1] === context.nextTurnEndAt) context.nextTurnEndAt = earliestTurnEnd(context);
}

function earliestTurnEnd(context: RoomContext): number | null {
  let earliest: number | null = null;
  for (const ticket of context.active) {
    const end = context.tickets.at[ticket - 1]!;
    if (earliest === null || end < earliest) earliest = end;
  }
  return earliest;
}

/** A turn ends at its turnEndsAt exactly, in every state: paused or sold out, time still runs. */
function expireDueTurns(context: RoomContext, now: number, out: RoomOutcome[]): void {
  if (context.nextTurnEndAt === null || now < context.nextTurnEndAt) return;
  const store = context.tickets;
  const live: TicketNo[] = [];
  for (const ticket of context.active) {
    if (store.at[ticket - 1]! > now) {
      live.push(ticket);
      continue;
    }
    endTicket(store, ticket);
    out.push({ type: 'turn.ended', accountId: accountOf(store, ticket), ticket, reason: 'expired' });
  }
  context.active = live;
  context.nextTurnEndAt = earliestTurnEnd(context);
}

/**
 * Admits from the front: while live turns stay under maxActive and the bucket holds a token; with
 * passthrough, everyone (no limit, no rate).
 */
function admitDue(context: RoomContext, now: number, out: RoomOutcome[]): void {
  const settings = context.settings!;
  const store = context.tickets;
  if (store.queued === 0) return;
  const passthrough = settings.method === 'passthrough';
  let tokens = passthrough ? Infinity : tokensAt(context.bucket, settings, now);
  let admitted = 0;
  while (passthrough || (context.active.length < settings.maxActive && tokens >= 1)) {
    const ticket = frontTicket(store);
    if (ticket === 0) break;
    const turnEndsAt = now + settings.turnMs;
    admit(context, ticket, turnEndsAt);
    // One token at a time, as evolve.ts spends them: the same arithmetic gives the same bits.
    tokens -= 1;
    admitted++;
    out.push({ type: 'turn.admitted', accountId: accountOf(store, ticket), ticket, turnEndsAt });
  }
  if (admitted === 0) return;
  if (!passthrough) context.bucket = { tokens, at: now };
  context.admittedTotal += admitted;
  noteAdmissions(context.recent, now, admitted);
}

/** The ticket leaves the line for a turn ending at `turnEndsAt`. */
export function admit(context: RoomContext, ticket: TicketNo, turnEndsAt: number): void {
  leaveLine(context.tickets, ticket, ADMITTED, turnEndsAt);
  // Past the one just admitted now, so a rebuild by evolve leaves `front` where the live room did.
  frontTicket(context.tickets);
  context.active.push(ticket);
  if (context.nextTurnEndAt === null || turnEndsAt < context.nextTurnEndAt) context.nextTurnEndAt = turnEndsAt;
}
