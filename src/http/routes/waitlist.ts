import { randomUUID } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ShowRuntime } from '../../actors/runtime/types.js';
import type { ShowOutcome } from '../../actors/show/types.js';
import { getHoldRow, getWaitlistEntryRow, waitlistPosition } from '../../db/queries/bookings.js';
import type { WaitlistRow } from '../../db/schema/bookings.js';
import type { Db } from '../../db/client.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { waitlistRejected } from '../outcome-errors.js';
import { createRouter } from '../router.js';
import { bearer, EntryParams, problems, ShowIdParam } from '../schemas/common.js';
import { JoinWaitlistRequest, WaitlistEntry, WaitlistJoined, WaitQuery } from '../schemas/waitlist.js';
import { sendJoinWaitlist, sendLeaveWaitlist } from '../command-replies.js';

const authed = requireUser();

const join = createRoute({
  method: 'post',
  path: '/api/shows/{showId}/waitlist',
  tags: ['waitlist'],
  summary: 'Wait for seats; freed seats are offered first come, first served',
  security: bearer,
  middleware: [authed],
  request: {
    params: ShowIdParam,
    body: { required: true, content: { 'application/json': { schema: JoinWaitlistRequest } } },
  },
  responses: {
    202: { description: 'Waiting', content: { 'application/json': { schema: WaitlistJoined } } },
    ...problems(400, 401, 404, 409, 503),
  },
});

const poll = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/waitlist/{entryId}',
  tags: ['waitlist'],
  summary: 'Long poll: answers at once unless waiting, else when the entry changes or waitSeconds pass',
  security: bearer,
  middleware: [authed],
  request: { params: EntryParams, query: WaitQuery },
  responses: {
    200: { description: 'The entry', content: { 'application/json': { schema: WaitlistEntry } } },
    ...problems(400, 401, 404),
  },
});

const leave = createRoute({
  method: 'delete',
  path: '/api/shows/{showId}/waitlist/{entryId}',
  tags: ['waitlist'],
  summary: 'Leave the waitlist (an open offer is given up)',
  security: bearer,
  middleware: [authed],
  request: { params: EntryParams },
  responses: { 204: { description: 'Left' }, ...problems(401, 404, 503) },
});

/**
 * Whether an outcome may change what a waiting entry sees: its own status, or its position, which
 * moves whenever an entry ahead of it is offered seats, leaves or ends.
 */
function mayChange(outcome: ShowOutcome, entryId: string): boolean {
  if (outcome.type === 'show.cancelled') return outcome.entryIds.includes(entryId);
  if (outcome.type === 'waitlist.offered' || outcome.type === 'waitlist.left' || outcome.type === 'waitlist.ended') {
    return true;
  }
  return 'entryId' in outcome && outcome.entryId === entryId;
}

/** Resolves when a committed change mentions the entry, the wait runs out or the client goes away. */
function waitForEntryChange(runtime: ShowRuntime, showId: string, entryId: string, ms: number, signal: AbortSignal) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const unsubscribe = runtime.subscribe(showId, (change) => {
    if (change.outcomes.some((o) => mayChange(o, entryId))) finish();
  });
  const timer = setTimeout(finish, ms);
  signal.addEventListener('abort', finish, { once: true });
  return {
    done: done.finally(() => {
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
    }),
    cancel: finish,
  };
}

async function ownEntry(
  { db, runtime }: Pick<AppDeps, 'db' | 'runtime'>,
  c: Context<AppEnv>,
  showId: string,
  entryId: string,
): Promise<WaitlistRow> {
  await runtime.readModelsCaughtUp(showId);
  const row = await getWaitlistEntryRow(db, entryId);
  if (!row || row.userId !== userOf(c).userId || row.showId !== showId) {
    throw new ApiError('not_found', 404, 'No such waitlist entry of yours');
  }
  return row;
}

async function entryView(db: Db, row: WaitlistRow) {
  const hold = row.status === 'offered' && row.holdId ? await getHoldRow(db, row.holdId) : null;
  return {
    entryId: row.id,
    showId: row.showId,
    status: row.status,
    position: row.status === 'waiting' ? await waitlistPosition(db, row) : null,
    quantity: row.quantity,
    expiresAt: row.expiresAt.toISOString(),
    ...(hold ? { offer: { holdId: hold.id, seats: hold.seats, expiresAt: hold.expiresAt.toISOString() } } : {}),
  };
}

export function waitlistRoutes({ db, runtime }: Pick<AppDeps, 'db' | 'runtime'>) {
  return createRouter()
    .openapi(join, async (c) => {
      const { showId } = c.req.valid('param');
      const body = c.req.valid('json');
      const entryId = randomUUID();
      const reply = await sendJoinWaitlist(runtime, showId, { entryId, userId: userOf(c).userId, ...body });
      switch (reply.type) {
        case 'joined':
          return c.json({ entryId, position: reply.position, status: 'waiting' as const }, 202);
        case 'refused':
          throw waitlistRejected(reply.code);
      }
    })
    .openapi(poll, async (c) => {
      const { showId, entryId } = c.req.valid('param');
      const { waitSeconds } = c.req.valid('query');
      // Listen before reading, so a change that lands between the read and the wait is not missed.
      const wait = waitForEntryChange(runtime, showId, entryId, waitSeconds * 1000, c.req.raw.signal);
      try {
        const row = await ownEntry({ db, runtime }, c, showId, entryId);
        if (row.status !== 'waiting' || waitSeconds === 0) return c.json(await entryView(db, row), 200);
        await wait.done;
        return c.json(await entryView(db, await ownEntry({ db, runtime }, c, showId, entryId)), 200);
      } finally {
        wait.cancel();
      }
    })
    .openapi(leave, async (c) => {
      const { showId, entryId } = c.req.valid('param');
      const row = await ownEntry({ db, runtime }, c, showId, entryId);
      if (row.status !== 'waiting' && row.status !== 'offered') return c.body(null, 204);
      const reply = await sendLeaveWaitlist(runtime, showId, { entryId, userId: row.userId });
      // Refused means the entry ended meanwhile (offer taken, expired): either way you are off the list.
      if (reply.type === 'refused' && (await ownEntry({ db, runtime }, c, showId, entryId)).status === 'waiting') {
        throw new ApiError('not_found', 404, 'No such waitlist entry of yours');
      }
      return c.body(null, 204);
    });
}
