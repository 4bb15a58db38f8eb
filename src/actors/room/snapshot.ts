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
  /** Missing in snapshots taken before a sold-out room could keep a pause: false. */
  pauseKept?: boolean;
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

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const VALUES = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Base64 by table into bytes, then one decode to a string: a 4 MB room in tens of milliseconds. */
function toBase64(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[n >>> 18]!;
    out[o++] = CODES[(n >>> 12) & 63]!;
    out[o++] = CODES[(n >>> 6) & 63]!;
    out[o++] = CODES[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = CODES[n >>> 18]!;
    out[o++] = CODES[(n >>> 12) & 63]!;
    out[o++] = rest === 2 ? CODES[(n >>> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return new TextDecoder('latin1').decode(out);
}

function fromBase64(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (VALUES[text.charCodeAt(i)]! << 18) |
      (VALUES[text.charCodeAt(i + 1)]! << 12) |
      (VALUES[text.charCodeAt(i + 2)]! << 6) |
      VALUES[text.charCodeAt(i + 3)]!;
    bytes[o++] = n >>> 16;
    if (o < bytes.length) bytes[o++] = (n >>> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

export function roomToSnapshot(context: RoomContext): RoomSnapshot {
  const t = context.tickets;
  return {
    v: 1,
    showId: context.showId,
    state: context.state,
    pauseKept: context.pauseKept,
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
    pauseKept: snapshot.pauseKept ?? false,
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
