/**
 * The classic design behind HTTP, for side-by-side measurement: same framework and database as the
 * actor server, and a trusted user header instead of JWT checks, so any difference comes from the
 * booking design, not from extra work on our side.
 */
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import postgres from 'postgres';
import { classicConfirm, classicHold, classicRelease } from './classic-sql.js';

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.POOL ?? 40), onnotice: () => {} });
const app = new Hono();

app.get('/classic/health', (c) => c.text('ok'));

app.post('/classic/shows/:showId/holds', async (c) => {
  const { quantity } = await c.req.json<{ quantity: number }>();
  const held = await classicHold(sql, c.req.param('showId'), c.req.header('x-user-id') ?? 'anonymous', quantity);
  return held ? c.json(held, 201) : c.json({ code: 'sold_out' }, 409);
});

app.delete('/classic/holds/:holdId', async (c) => {
  await classicRelease(sql, c.req.param('holdId'));
  return c.body(null, 204);
});

app.post('/classic/holds/:holdId/confirm', async (c) => {
  const ok = await classicConfirm(sql, c.req.param('holdId'));
  return ok ? c.json({ bookingId: c.req.param('holdId') }, 201) : c.json({ code: 'hold_expired' }, 410);
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, () =>
  console.log('classic ready'),
);
process.on('SIGTERM', () => server.close(() => void sql.end().then(() => process.exit(0))));
