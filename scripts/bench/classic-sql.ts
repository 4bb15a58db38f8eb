import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';

/**
 * The design this project replaces: every request locks seat rows in its own transaction
 * (SELECT ... FOR UPDATE SKIP LOCKED) and commits before answering. Shared by the classic HTTP
 * server and the in-process comparison, so both measure the same SQL.
 */
export async function createClassicTables(sql: postgres.Sql): Promise<void> {
  await sql`create table if not exists bench_classic_seats (
    show_id text not null, seat_id text not null, seat_no int not null, status text not null, hold_id text,
    primary key (show_id, seat_id))`;
  await sql`create index if not exists bench_classic_free on bench_classic_seats (show_id, status, seat_no)`;
  await sql`create index if not exists bench_classic_hold on bench_classic_seats (hold_id)`;
  await sql`create table if not exists bench_classic_holds (
    id text primary key, show_id text not null, user_id text not null, status text not null, seats jsonb not null,
    expires_at timestamptz not null)`;
}

export async function addClassicShow(sql: postgres.Sql, showId: string, rows: number, seatsPerRow: number) {
  await sql`insert into bench_classic_seats (show_id, seat_id, seat_no, status)
    select ${showId}, 'R' || (n / ${seatsPerRow} + 1) || '-' || (n % ${seatsPerRow} + 1), n, 'free'
    from generate_series(0, ${rows * seatsPerRow - 1}) n`;
}

/** Holds `quantity` free seats, best first; null when not enough are free. */
export async function classicHold(sql: postgres.Sql, showId: string, userId: string, quantity: number) {
  const holdId = randomUUID();
  const seats = await sql.begin(async (tx) => {
    const free = await tx<{ seat_id: string }[]>`
      select seat_id from bench_classic_seats
      where show_id = ${showId} and status = 'free'
      order by seat_no limit ${quantity} for update skip locked`;
    if (free.length < quantity) return null;
    const ids = free.map((r) => r.seat_id);
    await tx`update bench_classic_seats set status = 'held', hold_id = ${holdId}
      where show_id = ${showId} and seat_id in ${tx(ids)}`;
    await tx`insert into bench_classic_holds (id, show_id, user_id, status, seats, expires_at)
      values (${holdId}, ${showId}, ${userId}, 'held', ${JSON.stringify(ids)}::text::jsonb, now() + interval '5 minutes')`;
    return ids;
  });
  return seats ? { holdId, seats } : null;
}

export async function classicRelease(sql: postgres.Sql, holdId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update bench_classic_seats set status = 'free', hold_id = null where hold_id = ${holdId}`;
    await tx`update bench_classic_holds set status = 'released' where id = ${holdId}`;
  });
}

export async function classicConfirm(sql: postgres.Sql, holdId: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [hold] = await tx`select id from bench_classic_holds where id = ${holdId} and status = 'held' for update`;
    if (!hold) return false;
    await tx`update bench_classic_seats set status = 'booked' where hold_id = ${holdId}`;
    await tx`update bench_classic_holds set status = 'confirmed' where id = ${holdId}`;
    return true;
  });
}

/** Seats that appear in two live holds or bookings of the show (0 when nothing was sold twice). */
export async function classicDoubleSold(sql: postgres.Sql, showId: string): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*) - count(distinct seat) as n from (
    select jsonb_array_elements_text(seats) as seat from bench_classic_holds
    where show_id = ${showId} and status in ('held', 'confirmed')) s`;
  return Number(row!.n);
}
