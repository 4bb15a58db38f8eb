/**
 * The soak's customers and stream watchers. Each customer loops until the deadline: browses, books
 * (hold then confirm with an Idempotency-Key), holds and releases, cancels, joins and polls the
 * waitlist of a scarce show, with a random pause between actions. A customer keeps at most a few
 * bookings and cancels the oldest beyond that, so seats keep coming back and the shows never sell
 * out for good: the load stays the same from the first minute to the last.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Client } from './http-client.js';
import type { RouteStats } from './soak-report.js';

const card = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' };
const MAX_BOOKINGS = 3;
// A waitlist entry not offered seats within this long is left (DELETE), as a real customer would.
const WAITLIST_PATIENCE_MS = 30_000;
// Refusals after which a customer on the scarce show joins its waitlist.
const JOIN_ON = new Set(['sold_out', 'held_by_others', 'waitlist_active', 'seats_taken']);

/** Weights of a customer's next action. */
export const MIX = { browse: 40, book: 25, holdAndRelease: 15, cancel: 10, waitlist: 10 } as const;
type Action = keyof typeof MIX;

export interface SoakShows {
  /** Shows with room: browsing, holds and bookings. */
  roomy: string[];
  /** A small show kept nearly full, where the waitlist and its offers happen. */
  scarce: string;
}

interface Customer {
  auth: string;
  bookings: string[];
  waiting: { showId: string; entryId: string; since: number } | null;
}

interface Traffic {
  client: Client;
  stats: RouteStats;
  shows: SoakShows;
  deadline: number;
  thinkMs: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function pickAction(): Action {
  const total = Object.values(MIX).reduce((a, w) => a + w, 0);
  let r = Math.random() * total;
  for (const [action, weight] of Object.entries(MIX) as [Action, number][]) {
    if ((r -= weight) < 0) return action;
  }
  return 'browse';
}

async function call(
  t: Traffic,
  route: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any } | null> {
  const started = performance.now();
  try {
    const res = await t.client(method, path, body, headers);
    t.stats.record(route, performance.now() - started, res.status, res.body?.code);
    return res;
  } catch (err) {
    t.stats.failed(route, `error:${(err as NodeJS.ErrnoException).code ?? 'unknown'}`);
    return null;
  }
}

async function browse(t: Traffic, c: Customer): Promise<void> {
  const showId = pick([...t.shows.roomy, t.shows.scarce]);
  switch (Math.floor(Math.random() * 4)) {
    case 0:
      await call(t, 'GET /api/events', 'GET', '/api/events?city=Benchville&pageSize=20');
      return;
    case 1:
      await call(t, 'GET /api/shows/:id', 'GET', `/api/shows/${showId}`);
      return;
    case 2:
      await call(t, 'GET /api/shows/:id/seats', 'GET', `/api/shows/${showId}/seats`);
      return;
    default:
      await call(t, 'GET /api/me/bookings', 'GET', '/api/me/bookings', undefined, { authorization: c.auth });
  }
}

async function confirm(t: Traffic, c: Customer, showId: string, holdId: string): Promise<void> {
  const res = await call(
    t,
    'POST .../confirm',
    'POST',
    `/api/shows/${showId}/holds/${holdId}/confirm`,
    { payment: card },
    {
      authorization: c.auth,
      'idempotency-key': randomUUID(),
    },
  );
  if (res?.status === 201) c.bookings.push(res.body.bookingId);
}

async function hold(t: Traffic, c: Customer, showId: string) {
  return call(
    t,
    'POST /api/shows/:id/holds',
    'POST',
    `/api/shows/${showId}/holds`,
    { quantity: 2 },
    { authorization: c.auth },
  );
}

async function book(t: Traffic, c: Customer): Promise<void> {
  if (c.bookings.length >= MAX_BOOKINGS) return cancel(t, c);
  const scarce = Math.random() < 0.3;
  const showId = scarce ? t.shows.scarce : pick(t.shows.roomy);
  const res = await hold(t, c, showId);
  if (res?.status === 201) return confirm(t, c, showId, res.body.holdId);
  if (scarce && !c.waiting && JOIN_ON.has(res?.body?.code)) await joinWaitlist(t, c);
}

async function holdAndRelease(t: Traffic, c: Customer): Promise<void> {
  const showId = pick(t.shows.roomy);
  const res = await hold(t, c, showId);
  if (res?.status !== 201) return;
  await call(t, 'DELETE .../holds/:id', 'DELETE', `/api/shows/${showId}/holds/${res.body.holdId}`, undefined, {
    authorization: c.auth,
  });
}

async function cancel(t: Traffic, c: Customer): Promise<void> {
  const bookingId = c.bookings.shift();
  if (!bookingId) return browse(t, c);
  await call(t, 'DELETE /api/bookings/:id', 'DELETE', `/api/bookings/${bookingId}`, undefined, {
    authorization: c.auth,
    'idempotency-key': randomUUID(),
  });
}

async function joinWaitlist(t: Traffic, c: Customer): Promise<void> {
  const showId = t.shows.scarce;
  const res = await call(
    t,
    'POST .../waitlist',
    'POST',
    `/api/shows/${showId}/waitlist`,
    { quantity: 2 },
    {
      authorization: c.auth,
    },
  );
  if (res?.status === 202) c.waiting = { showId, entryId: res.body.entryId, since: Date.now() };
}

/** Polls the customer's entry (half of the polls wait up to 2 s); confirms an offer, leaves when tired. */
async function waitlist(t: Traffic, c: Customer): Promise<void> {
  if (!c.waiting) return joinWaitlist(t, c);
  const { showId, entryId, since } = c.waiting;
  const waitSeconds = Math.random() < 0.5 ? 0 : 2;
  const res = await call(
    t,
    `GET .../waitlist/:id?waitSeconds=${waitSeconds}`,
    'GET',
    `/api/shows/${showId}/waitlist/${entryId}?waitSeconds=${waitSeconds}`,
    undefined,
    { authorization: c.auth },
  );
  if (!res || res.status !== 200) {
    c.waiting = null;
    return;
  }
  if (res.body.status === 'offered') {
    c.waiting = null;
    if (c.bookings.length < MAX_BOOKINGS) return confirm(t, c, showId, res.body.offer.holdId);
    await call(t, 'DELETE .../holds/:id', 'DELETE', `/api/shows/${showId}/holds/${res.body.offer.holdId}`, undefined, {
      authorization: c.auth,
    });
    return;
  }
  if (res.body.status !== 'waiting') {
    c.waiting = null;
    return;
  }
  if (Date.now() - since > WAITLIST_PATIENCE_MS) {
    await call(t, 'DELETE .../waitlist/:id', 'DELETE', `/api/shows/${showId}/waitlist/${entryId}`, undefined, {
      authorization: c.auth,
    });
    c.waiting = null;
  }
}

const actions: Record<Action, (t: Traffic, c: Customer) => Promise<void>> = {
  browse,
  book,
  holdAndRelease,
  cancel,
  waitlist,
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One customer's loop: an action, then a pause of 0-2x `thinkMs`, until the deadline. */
export async function runCustomer(t: Traffic, auth: string): Promise<void> {
  const c: Customer = { auth, bookings: [], waiting: null };
  // Spread the start so the customers do not move in step.
  await pause(Math.random() * t.thinkMs * 2);
  while (Date.now() < t.deadline) {
    await actions[pickAction()](t, c);
    await pause(Math.random() * t.thinkMs * 2);
  }
}

export interface StreamCounts {
  opened: number;
  events: number;
  bytes: number;
}

/**
 * One stream watcher: opens the seat stream of a random show, keeps it 10-60 s (so streams come and
 * go, and a leak on disconnect would show), then opens another, until the deadline.
 */
export async function runStreamWatcher(
  t: Pick<Traffic, 'stats' | 'shows' | 'deadline'>,
  baseUrl: string,
  counts: StreamCounts,
): Promise<void> {
  while (Date.now() < t.deadline) {
    const showId = pick([...t.shows.roomy, t.shows.scarce]);
    const keepMs = Math.min(10_000 + Math.random() * 50_000, t.deadline - Date.now());
    const ok = await watch(t.stats, `${baseUrl}/api/shows/${showId}/stream`, keepMs, counts);
    if (!ok) await pause(1000);
  }
}

function watch(stats: RouteStats, url: string, keepMs: number, counts: StreamCounts): Promise<boolean> {
  const route = 'GET /api/shows/:id/stream (first byte)';
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      stats.record(route, performance.now() - started, res.statusCode ?? 0);
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(false);
      }
      counts.opened++;
      res.on('data', (chunk: Buffer) => {
        counts.bytes += chunk.length;
        const text = chunk.toString('utf8');
        for (let i = text.indexOf('data:'); i !== -1; i = text.indexOf('data:', i + 5)) counts.events++;
      });
      // Ending the stream ourselves aborts the response; that is the plan, not a failure.
      res.on('error', () => {});
      res.on('close', () => resolve(true));
      setTimeout(() => req.destroy(), keepMs);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Our own destroy() after keepMs ends the request too; only earlier failures count.
      if (performance.now() - started < keepMs) stats.failed(route, `error:${err.code ?? 'unknown'}`);
      resolve(false);
    });
  });
}
