/**
 * The design this project replaces, for side-by-side measurement: every request locks seat rows in
 * its own transaction (SELECT ... FOR UPDATE SKIP LOCKED) and commits before answering. Same HTTP
 * framework and database as the actor server, and a trusted user header instead of JWT checks, so
 * any difference comes from the booking design, not from extra work on our side.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.POOL ?? 40), onnotice: () => {} });
const app = new Hono();

app.get('/classic/health', (c) => c.text('ok'));

app.post('/classic/shows/:showId/holds', async (c) => {
  const { quantity } = await c.req.json<{ quantity: number }>();
  const userId = c.req.header('x-user-id') ?? 'anonymous';
  const showId = c.req.param('showId');
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
      values (${holdId}, ${showId}, ${userId}, 'held', ${tx.json(ids)}, now() + interval '5 minutes')`;
    return ids;
  });
  if (!seats) return c.json({ code: 'sold_out' }, 409);
  return c.json({ holdId, seats }, 201);
});

app.delete('/classic/holds/:holdId', async (c) => {
  const holdId = c.req.param('holdId');
  await sql.begin(async (tx) => {
    await tx`update bench_classic_seats set status = 'free', hold_id = null where hold_id = ${holdId}`;
    await tx`update bench_classic_holds set status = 'released' where id = ${holdId}`;
  });
  return c.body(null, 204);
});

app.post('/classic/holds/:holdId/confirm', async (c) => {
  const holdId = c.req.param('holdId');
  const ok = await sql.begin(async (tx) => {
    const [hold] = await tx`select id from bench_classic_holds where id = ${holdId} and status = 'held' for update`;
    if (!hold) return false;
    await tx`update bench_classic_seats set status = 'booked' where hold_id = ${holdId}`;
    await tx`update bench_classic_holds set status = 'confirmed' where id = ${holdId}`;
    return true;
  });
  return ok ? c.json({ bookingId: holdId }, 201) : c.json({ code: 'hold_expired' }, 410);
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, () =>
  console.log('classic ready'),
);
process.on('SIGTERM', () => server.close(() => void sql.end().then(() => process.exit(0))));
