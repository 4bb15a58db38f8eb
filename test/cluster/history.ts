import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { call, goodCard, sleep, waitFor, type CallResult } from './harness.js';

/** What clients were told: only a 201 counts, and every one of them must survive anything. */
export interface History {
  holds: Map<string, { seats: string[] }>;
  /** askedAt: when the confirmation was first sent; answeredAt: when its 201 came (epoch ms). */
  bookings: Map<string, { holdId: string; seats: string[]; askedAt: number; answeredAt: number }>;
  /** Final answers by `<step> <status> <code>`, e.g. "hold 409 seats_taken". */
  finals: Map<string, number>;
  /** 503s that a client retried (the show moving, a fenced write, a node shutting down). */
  retried503: number;
  /** Requests that got no HTTP answer at all (the node died or was not listening). */
  connectionErrors: string[];
  /** Answers outside the contract of a race for seats: anything but 201, a seat refusal or 503. */
  unexpected: string[];
}

export interface LoadOptions {
  showId: string;
  tokens: string[];
  seatIds: string[];
  clients: number;
  /** The nodes a client may send to now; read before every attempt. */
  targets(): string[];
  /** Pause between one client's purchases (light load when > 0). */
  pauseMs?: number;
}

const seatRefusals = new Set(['seats_taken', 'held_by_others', 'sold_out']);

/**
 * Clients that race for seats (hold specific seats, then confirm with the test card) across the
 * given nodes, retrying 503s and dead connections on the next node with the same Idempotency-Key,
 * as a real client would. Runs until stop().
 */
export function startLoad(opts: LoadOptions): { history: History; stop(): Promise<History> } {
  const history: History = {
    holds: new Map(),
    bookings: new Map(),
    finals: new Map(),
    retried503: 0,
    connectionErrors: [],
    unexpected: [],
  };
  let stopped = false;
  let turn = 0;

  async function send(method: string, path: string, token: string, body: unknown): Promise<CallResult | null> {
    const key = randomUUID();
    const giveUpAt = Date.now() + 30_000;
    while (Date.now() < giveUpAt) {
      const targets = opts.targets();
      const url = targets[turn++ % targets.length]!;
      let res: CallResult;
      try {
        res = await call(url, method, path, { token, body, headers: { 'idempotency-key': key } });
      } catch (err) {
        history.connectionErrors.push(`${method} ${path} via ${url}: ${(err as Error).message}`);
        await sleep(100);
        continue;
      }
      // A confirmation whose payment was cut off by a crash is reconciled by the new owner; ask again.
      const paying = res.status === 409 && res.body?.code === 'payment_in_progress';
      if (res.status !== 503 && !paying) return res;
      if (res.status === 503) history.retried503++;
      await sleep(100 + Math.random() * 100);
    }
    history.unexpected.push(`${method} ${path}: no answer but 503 for 30 s`);
    return null;
  }

  function final(step: string, res: CallResult, ok: boolean): void {
    const name = `${step} ${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;
    history.finals.set(name, (history.finals.get(name) ?? 0) + 1);
    if (!ok) history.unexpected.push(`${name} ${JSON.stringify(res.body)}`);
  }

  async function client(index: number): Promise<void> {
    const token = opts.tokens[index % opts.tokens.length]!;
    while (!stopped) {
      const first = Math.floor(Math.random() * opts.seatIds.length);
      const seats = opts.seatIds.slice(first, first + 1 + Math.floor(Math.random() * 2));
      const hold = await send('POST', `/api/shows/${opts.showId}/holds`, token, { seats });
      if (!hold) continue;
      const refused = hold.status === 409 && seatRefusals.has(hold.body?.code);
      final('hold', hold, hold.status === 201 || refused);
      if (hold.status === 201) {
        history.holds.set(hold.body.holdId, { seats: hold.body.seats });
        const path = `/api/shows/${opts.showId}/holds/${hold.body.holdId}/confirm`;
        const askedAt = Date.now();
        const booked = await send('POST', path, token, { payment: goodCard });
        if (booked) {
          final('confirm', booked, booked.status === 201);
          if (booked.status === 201) {
            history.bookings.set(booked.body.bookingId, {
              holdId: hold.body.holdId,
              seats: booked.body.seats,
              askedAt,
              answeredAt: Date.now(),
            });
          }
        }
      }
      if (opts.pauseMs) await sleep(opts.pauseMs);
    }
  }

  const running = Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)));
  return {
    history,
    async stop() {
      stopped = true;
      await running;
      return history;
    },
  };
}

/**
 * The history check, against the database once the load has stopped: every booking a client was
 * told about exists and is confirmed with its seats, every hold told about exists with its seats,
 * no seat sits in two confirmed bookings or live holds, and the live actor (asked through `url`)
 * counts what the rows say. Returns the problems found.
 */
export async function checkHistory(
  sql: postgres.Sql,
  showId: string,
  history: History,
  url: string,
): Promise<string[]> {
  const problems: string[] = [];
  // Holds are a read model projected at most once per PROJECTION_PACE_MS: wait until it follows the
  // journal's end (asking for the show wakes it where a node died before projecting).
  await waitFor(
    async () => {
      await call(url, 'GET', `/api/shows/${showId}`);
      const [lag] = await sql<{ behind: boolean }[]>`
        select p.seq < o.last_seq as behind from show_projections p join show_owners o using (show_id)
        where show_id = ${showId}`;
      return lag?.behind === false;
    },
    20_000,
    'the holds read model to follow the journal',
  );
  const bookingIds = [...history.bookings.keys()];
  const bookings = await sql<{ id: string; status: string; seats: string[]; hold_id: string }[]>`
    select id, status, seats, hold_id from bookings where id = any(${bookingIds})`;
  const bookingRows = new Map(bookings.map((b) => [b.id, b]));
  for (const [id, told] of history.bookings) {
    const row = bookingRows.get(id);
    if (!row) problems.push(`booking ${id} was confirmed to a client but does not exist`);
    else if (row.status !== 'confirmed') problems.push(`booking ${id} is ${row.status}`);
    else if (row.seats.join() !== told.seats.join())
      problems.push(`booking ${id} has seats ${row.seats}, told ${told.seats}`);
  }

  const holdIds = [...history.holds.keys()];
  const holds = await sql<{ id: string; status: string; seats: string[] }[]>`
    select id, status, seats from holds where id = any(${holdIds})`;
  const holdRows = new Map(holds.map((h) => [h.id, h]));
  for (const [id, told] of history.holds) {
    const row = holdRows.get(id);
    if (!row) problems.push(`hold ${id} was placed for a client but does not exist`);
    else if (row.seats.join() !== told.seats.join())
      problems.push(`hold ${id} has seats ${row.seats}, told ${told.seats}`);
    else if (!['held', 'paying', 'confirmed'].includes(row.status)) problems.push(`hold ${id} is ${row.status}`);
  }
  for (const [id, told] of history.bookings) {
    if (holdRows.get(told.holdId)?.status !== 'confirmed') problems.push(`booking ${id}: its hold is not confirmed`);
  }

  const doubles = await sql<{ seat: string; n: number }[]>`
    select seat, count(*)::int as n from (
      select jsonb_array_elements_text(seats) as seat from bookings where show_id = ${showId} and status = 'confirmed'
      union all
      select jsonb_array_elements_text(seats) from holds where show_id = ${showId} and status in ('held', 'paying')) s
    group by seat having count(*) > 1`;
  for (const d of doubles) problems.push(`seat ${d.seat} is in ${d.n} confirmed bookings or live holds`);

  // Writers follow one another: once a newer epoch wrote, no older one ever appends again.
  const [interleaved] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select epoch, max(epoch) over (order by seq rows between unbounded preceding and 1 preceding) as before
      from show_journal where show_id = ${showId}) j
    where epoch < before`;
  if (interleaved!.n > 0)
    problems.push(`${interleaved!.n} journal rows were written by an older epoch after a newer one`);

  const [counts] = await sql<{ booked: number; held: number }[]>`
    select
      (select coalesce(sum(jsonb_array_length(seats)), 0)::int from bookings where show_id = ${showId} and status = 'confirmed') as booked,
      (select coalesce(sum(jsonb_array_length(seats)), 0)::int from holds where show_id = ${showId} and status in ('held', 'paying')) as held`;
  // 503 says the show is moving (a lease that lapsed on a busy machine): ask again, as a client would.
  let live = await call(url, 'GET', `/api/shows/${showId}`);
  for (const giveUpAt = Date.now() + 15_000; live.status === 503 && Date.now() < giveUpAt;) {
    await sleep(200);
    live = await call(url, 'GET', `/api/shows/${showId}`);
  }
  if (live.status !== 200) problems.push(`GET the show: ${live.status}`);
  else {
    const { booked, held, available, capacity } = live.body as Record<string, number>;
    if (booked !== counts!.booked) problems.push(`the actor counts ${booked} booked seats, the rows ${counts!.booked}`);
    if (held !== counts!.held) problems.push(`the actor counts ${held} held seats, the rows ${counts!.held}`);
    if (available! + held! + booked! !== capacity) problems.push(`counts do not add up to capacity ${capacity}`);
  }
  return problems;
}
