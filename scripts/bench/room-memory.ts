/**
 * `npm run bench:room-memory`: what one queued customer costs in a waiting room's memory (the
 * issue's bound is 100 bytes at 100,000 customers), next to the obvious way of keeping a queue in the
 * same run, and how long a join and a position poll take on the pure machine. No I/O.
 *
 * Needs the GC exposed (the npm script runs node with --expose-gc): memory is read after full
 * collections, as heap used plus the typed arrays' buffers (which live outside the JS heap).
 */
import { randomUUID } from 'node:crypto';
import {
  applyRoomEvent,
  createRoomContext,
  roomFromSnapshot,
  roomToSnapshot,
  ticketView,
  type RoomContext,
} from '../../src/actors/room/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:room-memory does)');
const collect = gc;

const CUSTOMERS = Number(process.env.ROOM_CUSTOMERS ?? 100_000);
const T0 = Date.UTC(2030, 0, 1, 10);
const OPEN = T0 + 3_600_000;

function used(): number {
  collect();
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function newRoom(): RoomContext {
  const room = createRoomContext({ showId: 'bench' });
  applyRoomEvent(room, {
    type: 'CONFIGURE',
    now: T0 - 1,
    settings: {
      preQueueAt: T0,
      salesOpenAt: OPEN,
      method: 'randomThenFifo',
      maxActive: 500,
      admitPerMinute: 1000,
      turnMs: 600_000,
    },
  });
  return room;
}

/**
 * A UUID as a server holds one: a flat string parsed from a request or a row. randomUUID() returns a
 * string built from pieces (about 490 bytes until V8 flattens it), which would distort both sides.
 */
function accountId(): string {
  return JSON.parse(`"${randomUUID()}"`) as string;
}

/** Bytes a room holds per queued customer, and the time per join, for `count` customers. */
function measureRoom(count: number): { bytes: number; joinUs: number; room: RoomContext; ids: string[] } {
  // The ids exist before the measurement: in a server they belong to the requests, not to the room.
  const ids = Array.from({ length: count }, accountId);
  const before = used();
  const room = newRoom();
  const started = performance.now();
  for (let i = 0; i < count; i++) applyRoomEvent(room, { type: 'JOIN', now: T0 + i, accountId: ids[i]! });
  const joinUs = ((performance.now() - started) * 1000) / count;
  const bytes = (used() - before) / count;
  return { bytes, joinUs, room, ids };
}

/** The obvious queue: an array of {accountId, joinedAt} and a Map for one place per account. */
function measureNaive(count: number): { arrayOnly: number; withIndex: number } {
  const before = used();
  // Its own strings, as a queue that keeps the ids it was given holds them.
  const queue = Array.from({ length: count }, (_, i) => ({ accountId: accountId(), joinedAt: T0 + i }));
  const arrayOnly = (used() - before) / count;
  const index = new Map<string, number>();
  queue.forEach((entry, i) => index.set(entry.accountId, i));
  const withIndex = (used() - before) / count;
  if (index.size !== queue.length) throw new Error('unreachable: the ids are unique');
  return { arrayOnly, withIndex };
}

function timeViews(room: RoomContext, ids: string[]): number {
  const polls = Math.min(ids.length, 200_000);
  let seen = 0;
  const started = performance.now();
  for (let i = 0; i < polls; i++) {
    const view = ticketView(room, ids[(i * 7919) % ids.length]!, OPEN + 5_000);
    if (view?.position != null) seen++;
  }
  const us = ((performance.now() - started) * 1000) / polls;
  if (seen === 0) throw new Error('no view had a position');
  return us;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

const main = measureRoom(CUSTOMERS);
const naive = measureNaive(CUSTOMERS);

// Open the room: the pre-queue is shuffled and the first turns begin; polls then have positions.
const openStarted = performance.now();
applyRoomEvent(main.room, { type: 'TICK', now: OPEN, seed: 2024 });
const openMs = performance.now() - openStarted;
const viewUs = timeViews(main.room, main.ids);

const snapStarted = performance.now();
const json = JSON.stringify(roomToSnapshot(main.room));
const snapMs = performance.now() - snapStarted;
const restoreStarted = performance.now();
const restored = roomFromSnapshot(JSON.parse(json));
const restoreMs = performance.now() - restoreStarted;
if (restored.tickets.queued !== main.room.tickets.queued) throw new Error('restore lost places');

// The worst case for doubling: one customer past a power of two leaves the arrays half empty.
const worstCount = 65_537;
main.ids.length = 0;
const worst = CUSTOMERS > worstCount ? measureRoom(worstCount) : null;

console.log(`waiting room, ${CUSTOMERS.toLocaleString('en')} customers queued (Node ${process.version}):`);
console.log(`  room:                     ${fmt(main.bytes)} bytes per queued customer (bound: 100)`);
if (worst)
  console.log(
    `  room, worst case:         ${fmt(worst.bytes)} bytes per customer at ${worstCount.toLocaleString('en')} (arrays just doubled)`,
  );
console.log(`  baseline array of {accountId, joinedAt}:        ${fmt(naive.arrayOnly)} bytes per customer`);
console.log(`  baseline plus a Map for one place per account:  ${fmt(naive.withIndex)} bytes per customer`);
console.log(`  join: ${fmt(main.joinUs, 2)} µs each; poll (ticketView by account): ${fmt(viewUs, 2)} µs each`);
console.log(`  opening (shuffle of ${CUSTOMERS.toLocaleString('en')}): ${fmt(openMs)} ms`);
console.log(`  snapshot: ${fmt(json.length / 1e6, 2)} MB JSON in ${fmt(snapMs)} ms; restore ${fmt(restoreMs)} ms`);
