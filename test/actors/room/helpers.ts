import { expect } from 'vitest';
import { createActor } from 'xstate';
import {
  accountOf,
  roomMachine,
  type RoomContext,
  type RoomEvent,
  type RoomOutcome,
  type RoomSettings,
  type TicketNo,
} from '../../../src/actors/room/index.js';
import { DONE, QUEUED } from '../../../src/actors/room/tickets.js';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const T0 = Date.UTC(2030, 0, 1, 10);
export const OPEN = T0 + 30 * MIN;

export function settings(overrides: Partial<RoomSettings> = {}): RoomSettings {
  return {
    preQueueAt: T0,
    salesOpenAt: OPEN,
    method: 'randomThenFifo',
    maxActive: 3,
    admitPerMinute: 60,
    turnMs: 10 * MIN,
    ...overrides,
  };
}

/** A UUID per customer number, as the accounts table makes them (lowercase). */
export function account(n: number): string {
  return `6b1f${(n >>> 16).toString(16).padStart(4, '0')}-${(n & 0xffff).toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A room driven through the XState actor, collecting what each event emitted. */
export interface RoomDriver {
  send(event: RoomEvent): RoomOutcome[];
  context(): RoomContext;
  state(): string;
}

export function startRoom(showId = 'show-1'): RoomDriver {
  const actor = createActor(roomMachine, { input: { showId } });
  let emitted: RoomOutcome[] = [];
  actor.on('*', (outcome) => emitted.push(outcome));
  actor.start();
  return {
    send(event) {
      emitted = [];
      actor.send(event);
      return emitted;
    },
    context: () => actor.getSnapshot().context,
    state: () => String(actor.getSnapshot().value),
  };
}

/** A room configured with these settings before its pre-queue opens. */
export function configuredRoom(overrides: Partial<RoomSettings> = {}): RoomDriver {
  const room = startRoom();
  room.send({ type: 'CONFIGURE', now: T0 - MIN, settings: settings(overrides) });
  return room;
}

/** The queued tickets in line order, read straight from the store. */
export function lineOf(context: RoomContext): TicketNo[] {
  const store = context.tickets;
  const line: TicketNo[] = [];
  for (let slot = 0; slot < store.slots; slot++) {
    const ticket = store.order[slot]!;
    if (ticket !== 0 && store.status[ticket - 1] === QUEUED) line.push(ticket);
  }
  return line;
}

/** Live places (queued or admitted) per account. */
export function livePlaces(context: RoomContext): Map<string, TicketNo[]> {
  const places = new Map<string, TicketNo[]>();
  for (let ticket = 1; ticket <= context.tickets.size; ticket++) {
    if (context.tickets.status[ticket - 1] === DONE) continue;
    const id = accountOf(context.tickets, ticket);
    places.set(id, [...(places.get(id) ?? []), ticket]);
  }
  return places;
}

export function only<T extends RoomOutcome['type']>(
  outcomes: RoomOutcome[],
  type: T,
): Extract<RoomOutcome, { type: T }>[] {
  return outcomes.filter((o): o is Extract<RoomOutcome, { type: T }> => o.type === type);
}

export function joinAll(room: RoomDriver, from: number, count: number, now: number): void {
  for (let i = 0; i < count; i++) room.send({ type: 'JOIN', now, accountId: account(from + i) });
}

function sameValue(a: unknown, b: unknown, path: string): void {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (a.constructor !== b.constructor || !bytes(a).equals(bytes(b))) throw new Error(`${path} differs`);
    return;
  }
  if (a instanceof Map && b instanceof Map) {
    expect([...a], path).toEqual([...b]);
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
    for (const key of Object.keys(a))
      sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  expect(a, path).toEqual(b);
}

/**
 * Deep equality of two rooms, typed arrays compared byte for byte (vitest's toEqual walks them
 * element by element, about a hundred times slower).
 */
export function expectSameRoom(a: RoomContext, b: RoomContext): void {
  sameValue(a, b, 'room');
}
