/**
 * The memory floor: the hold/release contract of this server, answered from a free-seat stack in
 * memory, nothing durable, no auth check beyond "a header is present". What is left of a request's
 * cost here is HTTP, JSON and Hono, so the gap between it and a real server is what durability and
 * the rules cost.
 */
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const SEATS = Number(process.env.SEATS ?? 10_000);
const freeSeats = new Map<string, string[]>();
const holds = new Map<string, { seats: string[]; user: string }>();
// Any show id is a show of SEATS free seats on first use; ids are numbered from the front row.
const seatsOf = (showId: string) =>
  freeSeats.get(showId) ??
  freeSeats
    .set(
      showId,
      Array.from({ length: SEATS }, (_, i) => `S-${SEATS - i}`),
    )
    .get(showId)!;

const app = new Hono();
app.get('/healthz', (c) => c.text('ok'));
app.post('/api/shows/:showId/holds', async (c) => {
  const { quantity } = await c.req.json<{ quantity: number }>();
  const free = seatsOf(c.req.param('showId'));
  if (free.length < quantity) return c.json({ code: 'sold_out' }, 409);
  const seats = free.splice(free.length - quantity, quantity);
  const holdId = randomUUID();
  holds.set(holdId, { seats, user: c.req.header('authorization') ?? '' });
  return c.json({ holdId, showId: c.req.param('showId'), seats, quantity, status: 'held' }, 201);
});
app.delete('/api/shows/:showId/holds/:holdId', (c) => {
  const hold = holds.get(c.req.param('holdId'));
  if (!hold || hold.user !== c.req.header('authorization')) return c.json({ code: 'hold_not_found' }, 404);
  holds.delete(c.req.param('holdId'));
  seatsOf(c.req.param('showId')).push(...hold.seats);
  return c.body(null, 204);
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
