import type { AccountId, TicketNo } from './types.js';

/*
 * The queue's memory. A big on-sale puts 100,000 customers in one room, and the budget is 100 bytes
 * each, so nothing here is an object per customer: a ticket is an index into typed arrays grown by
 * doubling, and an account's UUID is kept as its 16 bytes rather than as a 36-character string (a
 * V8 string plus a Map entry alone cost about 90 bytes). Per ticket: 16 (account) + 1 (status) +
 * 8 (time) + 4 (slot) + 4 (order) + 4 (Fenwick) = 37 bytes of capacity, and 8 to 16 bytes of hash
 * table per account.
 *
 * Order: `order[slot]` is the ticket in that place of the line (0 when the slot was emptied by the
 * shuffle's compaction). A Fenwick tree over slots counts the queued tickets, so a ticket's position
 * is a prefix sum (O(log n)) however many left or were admitted out of turn, and `front` skips the
 * slots nobody queues in any more, so the next to admit is found in amortised O(1).
 *
 * These structures are updated in place: the writer owns them, readers only read.
 */

export const QUEUED = 0;
export const ADMITTED = 1;
export const DONE = 2;
export type TicketStatus = typeof QUEUED | typeof ADMITTED | typeof DONE;

export const FIRST_CAPACITY = 1024;

export interface TicketStore {
  /** Tickets issued: numbers 1..size. Ticket t lives at index t - 1. */
  size: number;
  capacity: number;
  /** Four words per ticket: the account's UUID. All zero for an account kept in `names`. */
  words: Uint32Array;
  status: Uint8Array;
  /** Joined at while queued; the turn's end once admitted. */
  at: Float64Array;
  slotOf: Uint32Array;
  /** Slot -> ticket (0: empty). Slots 0..slots-1 are in use. */
  order: Uint32Array;
  slots: number;
  /** Fenwick tree (1-based) over slots: 1 where the slot's ticket is queued. */
  tree: Int32Array;
  /** No queued ticket sits in a slot before this one. */
  front: number;
  queued: number;
  /** Open addressing, linear probing: UUID account -> its latest ticket (0: empty). */
  table: Uint32Array;
  accounts: number;
  /** Accounts that are not lowercase UUIDs (tests, other id schemes): the slow path. */
  named: Map<AccountId, TicketNo>;
  names: Map<TicketNo, AccountId>;
}

export function createTicketStore(capacity = FIRST_CAPACITY): TicketStore {
  return {
    size: 0,
    capacity,
    words: new Uint32Array(capacity * 4),
    status: new Uint8Array(capacity),
    at: new Float64Array(capacity),
    slotOf: new Uint32Array(capacity),
    order: new Uint32Array(capacity),
    slots: 0,
    tree: new Int32Array(capacity + 1),
    front: 0,
    queued: 0,
    table: new Uint32Array(capacity * 2),
    accounts: 0,
    named: new Map(),
    names: new Map(),
  };
}

// ---- accounts ------------------------------------------------------------------------------------

/** Hex digit values by character code (lowercase only: the ids are what PostgreSQL prints), -1 otherwise. */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[48 + d] = d;
for (let d = 0; d < 6; d++) HEX[97 + d] = 10 + d;

/**
 * The account's 128 bits, or null when it is not a lowercase UUID (or is the nil UUID, our "none").
 * A character loop rather than a regular expression and slices: it runs on every join and poll.
 */
export function uuidWords(id: string): [number, number, number, number] | null {
  if (id.length !== 36) return null;
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let word = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < 36; i++) {
    const code = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return null;
      continue;
    }
    const digit = code < 128 ? HEX[code]! : -1;
    if (digit < 0) return null;
    value = (value << 4) | digit;
    if (++digits === 8) {
      words[word++] = value >>> 0;
      value = 0;
      digits = 0;
    }
  }
  return (words[0] | words[1] | words[2] | words[3]) === 0 ? null : words;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export function accountOf(store: TicketStore, ticket: TicketNo): AccountId {
  const named = store.names.get(ticket);
  if (named !== undefined) return named;
  const i = (ticket - 1) * 4;
  const w = store.words;
  const a = hex8(w[i]!);
  const b = hex8(w[i + 1]!);
  const c = hex8(w[i + 2]!);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8(w[i + 3]!)}`;
}

function hashWords(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1), 0x85ebca6b);
  h ^= Math.imul(w2 ^ (h >>> 13), 0xc2b2ae35);
  h ^= Math.imul(w3 ^ (h >>> 16), 0x27d4eb2d);
  return (h ^ (h >>> 15)) >>> 0;
}

function sameWords(store: TicketStore, ticket: number, words: readonly number[]): boolean {
  const i = (ticket - 1) * 4;
  const w = store.words;
  return w[i] === words[0] && w[i + 1] === words[1] && w[i + 2] === words[2] && w[i + 3] === words[3];
}

/** The table index holding this account, or the empty index where it would go. */
function probe(store: TicketStore, words: readonly number[]): number {
  const mask = store.table.length - 1;
  let i = hashWords(words[0]!, words[1]!, words[2]!, words[3]!) & mask;
  for (;;) {
    const ticket = store.table[i]!;
    if (ticket === 0 || sameWords(store, ticket, words)) return i;
    i = (i + 1) & mask;
  }
}

export type AccountKey = readonly [number, number, number, number] | null;

/** What an account is looked up by: its UUID's words, or null for the named slow path. Parse once per event. */
export function accountKey(accountId: AccountId): AccountKey {
  return uuidWords(accountId);
}

/** The account's latest ticket, or 0. */
export function ticketOf(store: TicketStore, accountId: AccountId, key: AccountKey = accountKey(accountId)): TicketNo {
  if (key === null) return store.named.get(accountId) ?? 0;
  return store.table[probe(store, key)]!;
}

// ---- order (Fenwick tree over slots) -------------------------------------------------------------

function treeAdd(store: TicketStore, slot: number, delta: number): void {
  const tree = store.tree;
  for (let i = slot + 1; i < tree.length; i += i & -i) tree[i]! += delta;
}

/** Queued tickets in slots [0, end). */
export function queuedBefore(store: TicketStore, end: number): number {
  let sum = 0;
  for (let i = end; i > 0; i -= i & -i) sum += store.tree[i]!;
  return sum;
}

/** Rebuilds the Fenwick tree from the slots in O(n): after a shuffle, a growth or a restore. */
export function rebuildTree(store: TicketStore): void {
  const tree = store.tree;
  tree.fill(0);
  for (let slot = 0; slot < store.slots; slot++) {
    const ticket = store.order[slot]!;
    if (ticket !== 0 && store.status[ticket - 1] === QUEUED) tree[slot + 1] = 1;
  }
  for (let i = 1; i < tree.length; i++) {
    const parent = i + (i & -i);
    if (parent < tree.length) tree[parent]! += tree[i]!;
  }
}

/** The queued ticket nearest the front, or 0. Moves `front` past slots nobody queues in. */
export function frontTicket(store: TicketStore): TicketNo {
  while (store.front < store.slots) {
    const ticket = store.order[store.front]!;
    if (ticket !== 0 && store.status[ticket - 1] === QUEUED) return ticket;
    store.front++;
  }
  return 0;
}

/** 1 for the next to be admitted. Only for a queued ticket. */
export function positionOf(store: TicketStore, ticket: TicketNo): number {
  return queuedBefore(store, store.slotOf[ticket - 1]! + 1);
}

// ---- changes -------------------------------------------------------------------------------------

function grow(store: TicketStore): void {
  const capacity = store.capacity * 2;
  const words = new Uint32Array(capacity * 4);
  words.set(store.words);
  const status = new Uint8Array(capacity);
  status.set(store.status);
  const at = new Float64Array(capacity);
  at.set(store.at);
  const slotOf = new Uint32Array(capacity);
  slotOf.set(store.slotOf);
  const order = new Uint32Array(capacity);
  order.set(store.order);
  Object.assign(store, { capacity, words, status, at, slotOf, order, tree: new Int32Array(capacity + 1) });
  rebuildTree(store);
}

function growTable(store: TicketStore): void {
  const old = store.table;
  store.table = new Uint32Array(old.length * 2);
  for (const ticket of old) {
    if (ticket === 0) continue;
    const i = (ticket - 1) * 4;
    store.table[probe(store, [store.words[i]!, store.words[i + 1]!, store.words[i + 2]!, store.words[i + 3]!])] =
      ticket;
  }
}

/** Points the account's entry in the hash table at this ticket (its latest). */
function indexAccount(store: TicketStore, ticket: TicketNo, words: readonly number[]): void {
  let i = probe(store, words);
  if (store.table[i] === 0) {
    // Half full at most, so a probe stays short.
    if ((store.accounts + 1) * 2 > store.table.length) {
      growTable(store);
      i = probe(store, words);
    }
    store.accounts++;
  }
  store.table[i] = ticket;
}

/** A new ticket at the back of the line: the account's latest, which `ticketOf` finds from now on. */
export function issueTicket(
  store: TicketStore,
  accountId: AccountId,
  now: number,
  words: AccountKey = accountKey(accountId),
): TicketNo {
  if (store.size === store.capacity) grow(store);
  const ticket = ++store.size;
  const index = ticket - 1;
  if (words === null) {
    store.named.set(accountId, ticket);
    store.names.set(ticket, accountId);
  } else {
    store.words.set(words, index * 4);
    indexAccount(store, ticket, words);
  }
  store.status[index] = QUEUED;
  store.at[index] = now;
  const slot = store.slots++;
  store.slotOf[index] = slot;
  store.order[slot] = ticket;
  treeAdd(store, slot, 1);
  store.queued++;
  return ticket;
}

/** The ticket leaves the line: admitted (with its turn's end) or done. */
export function leaveLine(
  store: TicketStore,
  ticket: TicketNo,
  status: typeof ADMITTED | typeof DONE,
  at: number,
): void {
  const index = ticket - 1;
  store.status[index] = status;
  store.at[index] = at;
  treeAdd(store, store.slotOf[index]!, -1);
  store.queued--;
}

export function endTicket(store: TicketStore, ticket: TicketNo): void {
  store.status[ticket - 1] = DONE;
}

/**
 * Rebuilds what a snapshot leaves out (see snapshot.ts): the account table, each queued ticket's
 * slot and the Fenwick tree, from the tickets and the order.
 */
export function rebuildIndexes(store: TicketStore): void {
  for (let ticket = 1; ticket <= store.size; ticket++) {
    if (store.names.has(ticket)) continue;
    const i = (ticket - 1) * 4;
    indexAccount(store, ticket, [store.words[i]!, store.words[i + 1]!, store.words[i + 2]!, store.words[i + 3]!]);
  }
  for (let slot = 0; slot < store.slots; slot++) {
    const ticket = store.order[slot]!;
    if (ticket !== 0) store.slotOf[ticket - 1] = slot;
  }
  rebuildTree(store);
  store.queued = queuedBefore(store, store.slots);
}

/**
 * Shuffles the queued tickets in slots [0, end) and packs them at the front; the slots they leave
 * empty stay in the order (so later slots keep their numbers). Returns how many were shuffled.
 */
export function shuffleFront(
  store: TicketStore,
  end: number,
  shuffle: (items: Uint32Array, length: number) => void,
): number {
  const picked = new Uint32Array(end);
  let count = 0;
  for (let slot = 0; slot < end; slot++) {
    const ticket = store.order[slot]!;
    if (ticket !== 0 && store.status[ticket - 1] === QUEUED) picked[count++] = ticket;
  }
  shuffle(picked, count);
  store.order.fill(0, 0, end);
  for (let slot = 0; slot < count; slot++) {
    const ticket = picked[slot]!;
    store.order[slot] = ticket;
    store.slotOf[ticket - 1] = slot;
  }
  store.front = 0;
  rebuildTree(store);
  return count;
}
