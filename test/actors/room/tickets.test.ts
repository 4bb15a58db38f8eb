import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRoomEvent,
  createRoomContext,
  roomFromSnapshot,
  roomToSnapshot,
  ticketView,
} from '../../../src/actors/room/index.js';
import { accountOf, ticketOf, uuidWords } from '../../../src/actors/room/tickets.js';
import { MIN, OPEN, T0, account, expectSameRoom, lineOf, settings } from './helpers.js';

describe('room ticket store', () => {
  it('keeps a UUID as its 16 bytes and gives the same string back', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        fc.pre(id !== '00000000-0000-0000-0000-000000000000');
        expect(uuidWords(id)).not.toBeNull();
        const room = createRoomContext({ showId: 's' });
        applyRoomEvent(room, { type: 'CONFIGURE', now: T0, settings: settings() });
        applyRoomEvent(room, { type: 'JOIN', now: T0, accountId: id });
        expect(accountOf(room.tickets, 1)).toBe(id);
        expect(ticketOf(room.tickets, id)).toBe(1);
        expect(room.tickets.names.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps ids that are not lowercase UUIDs by name, so they come back exactly as given', () => {
    const upper = account(1).toUpperCase();
    for (const id of [upper, '00000000-0000-0000-0000-000000000000', 'user-7', '']) {
      expect(uuidWords(id)).toBeNull();
    }
    const room = createRoomContext({ showId: 's' });
    applyRoomEvent(room, { type: 'CONFIGURE', now: T0, settings: settings() });
    applyRoomEvent(room, { type: 'JOIN', now: T0, accountId: upper });
    applyRoomEvent(room, { type: 'JOIN', now: T0, accountId: account(1) });
    expect(accountOf(room.tickets, 1)).toBe(upper);
    expect(ticketOf(room.tickets, upper)).toBe(1);
    expect(ticketOf(room.tickets, account(1))).toBe(2);
  });

  it('grows past its first arrays and hash table with every place, position and lookup intact', () => {
    const count = 5000;
    const room = createRoomContext({ showId: 's' });
    applyRoomEvent(room, {
      type: 'CONFIGURE',
      now: T0,
      settings: settings({ method: 'fifo', maxActive: 1, admitPerMinute: 1 }),
    });
    for (let n = 0; n < count; n++) applyRoomEvent(room, { type: 'JOIN', now: T0 + n, accountId: account(n) });
    for (let n = 0; n < count; n += 3) applyRoomEvent(room, { type: 'LEAVE', now: T0 + count, accountId: account(n) });
    applyRoomEvent(room, { type: 'TICK', now: OPEN, seed: 0 });
    expect(room.tickets.capacity).toBe(8192);
    const line = lineOf(room);
    expect(line).toHaveLength(count - Math.ceil(count / 3) - 1);
    line.forEach((ticket, k) => {
      const view = ticketView(room, account(ticket - 1), OPEN)!;
      expect(view.ticket).toBe(ticket);
      expect(view.position).toBe(k + 1);
    });
    expect(room.tickets.accounts).toBe(count);
    // And a snapshot of a grown room comes back the same, hash table included.
    expectSameRoom(roomFromSnapshot(JSON.parse(JSON.stringify(roomToSnapshot(room)))), room);
  });

  it('snapshots any number of tickets (base64 of every length)', () => {
    for (const count of [0, 1, 2, 3, 4, 5]) {
      const room = createRoomContext({ showId: 's' });
      applyRoomEvent(room, { type: 'CONFIGURE', now: T0 - MIN, settings: settings() });
      for (let n = 0; n < count; n++) applyRoomEvent(room, { type: 'JOIN', now: T0 + n, accountId: account(n) });
      expectSameRoom(roomFromSnapshot(JSON.parse(JSON.stringify(roomToSnapshot(room)))), room);
    }
  });
});
