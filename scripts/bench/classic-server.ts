/**
 * The classic design behind HTTP, for side-by-side measurement: the same hold/release/confirm paths
 * as this server, the same framework, and a trusted Authorization header instead of JWT checks, so
 * any difference comes from the booking design. Every request is one transaction of its own that
 * locks seat rows with FOR UPDATE SKIP LOCKED (classic-sql.ts) and commits before answering.
 */
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import postgres from 'postgres';
import { classicConfirm, classicHold, classicRelease } from './classic-sql.js';

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.POOL ?? 40), onnotice: () => {} });
const app = new Hono();
const user = (auth: string | undefined) => auth ?? 'anonymous';

app.get('/healthz', (c) => c.text('ok'));

app.post('/api/shows/:showId/holds', async (c) => {
  const { quantity } = await c.req.json<{ quantity: number }>();
  const held = await classicHold(sql, c.req.param('showId'), user(c.req.header('authorization')), quantity);
  return held ? c.json(held, 201) : c.json({ code: 'sold_out' }, 409);
});

app.delete('/api/shows/:showId/holds/:holdId', async (c) => {
  await classicRelease(sql, c.req.param('holdId'));
  return c.body(null, 204);
});

app.post('/api/shows/:showId/holds/:holdId/confirm', async (c) => {
  const ok = await classicConfirm(sql, c.req.param('holdId'));
  return ok ? c.json({ bookingId: c.req.param('holdId') }, 201) : c.json({ code: 'hold_expired' }, 410);
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => server.close(() => void sql.end().then(() => process.exit(0))));
