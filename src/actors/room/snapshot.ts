import type { RoomContext } from './context.js';
import type { Bucket, RecentAdmissions } from './rate.js';
import type { TicketStore } from './tickets.js';
import { FIRST_CAPACITY, createTicketStore, rebuildIndexes } from './tickets.js';
import type { AccountId, RoomSettings, RoomState, TicketNo } from './types.js';

/*
 * The room in JSON, for snapshots. The typed arrays go as base64 of their bytes (little-endian, as on
 * every platform Node runs on) and only the parts that cannot be recomputed are kept: the Fenwick
 * tree, the slot of each ticket and the account hash table are rebuilt on load, in O(n). 100,000
 * tickets make about 3.9 MB of JSON.
 */

export interface RoomSnapshot {
  v: 1;
  showId: string;
  state: RoomState;
  settings: RoomSettings | null;
  openedAt: number | null;
  shuffleSeed: number | null;
  preQueueEnd: number;
  tickets: {
    size: number;
    slots: number;
    front: number;
    words: string;
    status: string;
    at: string;
    order: string;
    named: [TicketNo, AccountId][];
  };
  active: TicketNo[];
  nextTurnEndAt: number | null;
  bucket: Bucket;
  recent: RecentAdmissions;
  admittedTotal: number;
}

const CHUNK = 0x8000;

function toBase64(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function roomToSnapshot(context: RoomContext): RoomSnapshot {
  const t = context.tickets;
  return {
    v: 1,
    showId: context.showId,
    state: context.state,
    settings: context.settings ? { ...context.settings } : null,
    openedAt: context.openedAt,
    shuffleSeed: context.shuffleSeed,
    preQueueEnd: context.preQueueEnd,
    tickets: {
      size: t.size,
      slots: t.slots,
      front: t.front,
      words: toBase64(t.words.subarray(0, t.size * 4)),
      status: toBase64(t.status.subarray(0, t.size)),
      at: toBase64(t.at.subarray(0, t.size)),
      order: toBase64(t.order.subarray(0, t.slots)),
      named: [...t.names],
    },
    active: [...context.active],
    nextTurnEndAt: context.nextTurnEndAt,
    bucket: { ...context.bucket },
    recent: { second: context.recent.second, counts: [...context.recent.counts] },
    admittedTotal: context.admittedTotal,
  };
}

function restoreTickets(s: RoomSnapshot['tickets']): TicketStore {
  // The same capacity a live room reaches by doubling, so a restored room equals the live one.
  let capacity = FIRST_CAPACITY;
  while (capacity < s.size) capacity *= 2;
  const store = createTicketStore(capacity);
  const words = fromBase64(s.words);
  store.words.set(new Uint32Array(words.buffer, 0, words.byteLength / 4));
  store.status.set(fromBase64(s.status));
  const at = fromBase64(s.at);
  store.at.set(new Float64Array(at.buffer, 0, at.byteLength / 8));
  const order = fromBase64(s.order);
  store.order.set(new Uint32Array(order.buffer, 0, order.byteLength / 4));
  store.size = s.size;
  store.slots = s.slots;
  store.front = s.front;
  for (const [ticket, accountId] of s.named) {
    store.names.set(ticket, accountId);
    store.named.set(accountId, ticket);
  }
  rebuildIndexes(store);
  return store;
}

export function roomFromSnapshot(snapshot: RoomSnapshot): RoomContext {
  if (snapshot.v !== 1) throw new Error(`unknown room snapshot version ${String(snapshot.v)}`);
  const store = restoreTickets(snapshot.tickets);
  return {
    showId: snapshot.showId,
    state: snapshot.state,
    settings: snapshot.settings ? { ...snapshot.settings } : null,
    openedAt: snapshot.openedAt,
    shuffleSeed: snapshot.shuffleSeed,
    preQueueEnd: snapshot.preQueueEnd,
    tickets: store,
    active: [...snapshot.active],
    nextTurnEndAt: snapshot.nextTurnEndAt,
    bucket: { ...snapshot.bucket },
    recent: { second: snapshot.recent.second, counts: [...snapshot.recent.counts] },
    admittedTotal: snapshot.admittedTotal,
  };
}
