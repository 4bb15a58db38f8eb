import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { NoRoomError, type AdmissionGate, type RoomCommand, type RoomRuntime } from '../../actors/room-runtime/index.js';
import type { RoomOutcome, RoomRejectCode, RoomSummary, TicketView as MachineTicketView } from '../../actors/room/types.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import type { AdmissionTokens } from '../auth/admission-token.js';
import { clientIp } from '../client-ip.js';
import { ApiError } from '../errors.js';
import { requireAdmin, requireUser, userOf } from '../middleware/auth.js';
import { parked } from '../middleware/load-shedding.js';
import { createRouter } from '../router.js';
import { bearer, problems, ShowIdParam } from '../schemas/common.js';
import {
  RevokeRequest,
  RoomSettingsRequest,
  RoomView,
  TicketEtagHeader,
  TicketParams,
  TicketView,
  TicketWaitQuery,
} from '../schemas/rooms.js';
import type { ShowCurrencies } from '../show-currencies.js';
import { createStreamSlots } from '../streams/stream-slots.js';
import { createTicketWaits, etagOf, parseEtag, shownTicket } from '../streams/ticket-waits.js';

// A comment line every so often keeps proxies from closing a quiet stream.
const HEARTBEAT_MS = 15_000;
const STREAM_RETRY_AFTER_SECONDS = 10;

type Deps = Pick<AppDeps, 'env'> & { rooms: RoomRuntime; admission: AdmissionTokens; currencies: ShowCurrencies };

const admin = requireAdmin();
const authed = requireUser();
const roomOk = { description: 'The room', content: { 'application/json': { schema: RoomView } } };

const adminRoute = (method: 'post' | 'delete', path: string, summary: string) =>
  createRoute({
    method,
    path,
    tags: ['waiting room'],
    summary,
    security: bearer,
    middleware: [admin],
    request: { params: ShowIdParam },
    responses: { 200: roomOk, ...problems(401, 403, 404, 409, 503) },
  });

const configure = createRoute({
  method: 'put',
  path: '/api/admin/shows/{showId}/room',
  tags: ['waiting room'],
  summary: 'Turn on (or change) the waiting room in front of the show’s seat map',
  security: bearer,
  middleware: [admin],
  request: {
    params: ShowIdParam,
    body: { required: true, content: { 'application/json': { schema: RoomSettingsRequest } } },
  },
  responses: { 200: roomOk, ...problems(400, 401, 403, 404, 409, 503) },
});
const pause = adminRoute('post', '/api/admin/shows/{showId}/room/pause', 'Suspend admissions (the queue keeps its order)');
const resume = adminRoute('post', '/api/admin/shows/{showId}/room/resume', 'Resume admissions');
const end = adminRoute('delete', '/api/admin/shows/{showId}/room', 'Switch the room off: holds need no admission from now on');
const revoke = createRoute({
  method: 'post',
  path: '/api/admin/shows/{showId}/room/revoke',
  tags: ['waiting room'],
  summary: 'Revoke an account’s turn or place',
  security: bearer,
  middleware: [admin],
  request: {
    params: ShowIdParam,
    body: { required: true, content: { 'application/json': { schema: RevokeRequest } } },
  },
  responses: { 200: roomOk, ...problems(400, 401, 403, 404, 409, 503) },
});

const view = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/room',
  tags: ['waiting room'],
  summary: 'The show’s waiting room: state, settings, queue length and admissions (enabled false when none)',
  request: { params: ShowIdParam },
  responses: { 200: roomOk, ...problems(404) },
});

const ticketOk = (description: string) => ({ description, content: { 'application/json': { schema: TicketView } } });

const join = createRoute({
  method: 'post',
  path: '/api/shows/{showId}/queue',
  tags: ['waiting room'],
  summary: 'Join the waiting room: one place per account (joining again returns the same ticket)',
  security: bearer,
  middleware: [authed],
  request: { params: ShowIdParam },
  responses: {
    201: ticketOk('Joined'),
    200: ticketOk('Already in the room: the same ticket'),
    ...problems(401, 404, 409, 503),
  },
});

const ticket = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/queue/{ticketId}',
  tags: ['waiting room'],
  summary: 'Your place: position, people ahead, admission rate, estimated wait; the admission token once admitted',
  description:
    'With waitSeconds, a long poll: answers when the ticket changes (status, position, turn) or the time is up. ' +
    'Every answer carries an ETag; send it back as If-None-Match and the long poll waits only while the ticket ' +
    'is still as that answer showed it (a change in between is answered at once).',
  security: bearer,
  middleware: [authed],
  request: { params: TicketParams, query: TicketWaitQuery, headers: TicketEtagHeader },
  responses: { 200: ticketOk('The ticket'), ...problems(400, 401, 404, 503) },
});

const events = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/queue/{ticketId}/events',
  tags: ['waiting room'],
  summary: 'Server-Sent Events: one `ticket` event (the ticket view) per change',
  security: bearer,
  middleware: [authed],
  request: { params: TicketParams },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    ...problems(401, 404, 429),
  },
});

const leave = createRoute({
  method: 'delete',
  path: '/api/shows/{showId}/queue/{ticketId}',
  tags: ['waiting room'],
  summary: 'Leave the waiting room (an admitted turn ends)',
  security: bearer,
  middleware: [authed],
  request: { params: TicketParams },
  responses: { 204: { description: 'Left' }, ...problems(401, 404, 409, 503) },
});

function roomView(showId: string, s: RoomSummary | null): z.infer<typeof RoomView> {
  const settings = s?.settings ?? null;
  return {
    showId,
    enabled: settings !== null && s?.state !== 'ended',
    state: s?.state ?? 'closed',
    method: settings?.method ?? null,
    preQueueAt: settings ? new Date(settings.preQueueAt).toISOString() : null,
    salesOpenAt: settings ? new Date(settings.salesOpenAt).toISOString() : null,
    maxActive: settings?.maxActive ?? null,
    admitPerMinute: settings?.admitPerMinute ?? null,
    turnMinutes: settings ? settings.turnMs / 60_000 : null,
    queued: s?.queued ?? 0,
    active: s?.active ?? 0,
    admittedTotal: s?.admittedTotal ?? 0,
    admittedLastMinute: s?.admittedLastMinute ?? 0,
  };
}

const rejectedAs: Record<RoomRejectCode, () => ApiError> = {
  room_not_open: () => new ApiError('room_not_open', 409, 'The waiting room is not open yet'),
  room_ended: () => new ApiError('room_ended', 409, 'The waiting room has ended'),
  sold_out: () => new ApiError('sold_out', 409, 'The show is sold out: join the waitlist instead'),
  not_in_queue: () => new ApiError('not_in_queue', 404, 'The account has no place in this room'),
  invalid_settings: () => new ApiError('validation_failed', 400, 'The room settings are not valid'),
  invalid_transition: () => new ApiError('invalid_room_state', 409, 'The room cannot do that in its current state'),
};

/** The refusal among a command's outcomes, as the error to answer. */
function refusal(outcomes: RoomOutcome[]): ApiError | null {
  const rejected = outcomes.find((o) => o.type === 'room.rejected');
  return rejected ? rejectedAs[rejected.code]() : null;
}

export function roomRoutes(deps: Deps) {
  const { rooms, admission, currencies, env } = deps;
  const streamSlots = createStreamSlots(env.STREAMS_PER_IP);
  const waits = createTicketWaits({ rooms, positionUpdatesPerSecond: env.ROOM_POSITION_UPDATES_PER_SECOND });

  async function adminCommand(c: Context<AppEnv>, showId: string, command: RoomCommand) {
    await currencies.of(showId);
    try {
      const err = refusal(await rooms.dispatch(showId, command));
      if (err) throw err;
    } catch (err) {
      if (err instanceof NoRoomError) throw new ApiError('room_not_found', 404, 'The show has no waiting room');
      throw err;
    }
    return c.json(roomView(showId, await rooms.summary(showId)), 200);
  }

  async function ticketBody(showId: string, v: MachineTicketView, accountId: string): Promise<z.infer<typeof TicketView>> {
    const admitted = v.status === 'admitted' && v.turnEndsAt !== null;
    return {
      ticketId: String(v.ticket),
      showId,
      status: v.status,
      position: v.position,
      ahead: v.ahead,
      admittedLastMinute: v.admittedLastMinute,
      estimatedWaitSeconds: v.estimatedWaitMs === null ? null : Math.ceil(v.estimatedWaitMs / 1000),
      turnEndsAt: v.turnEndsAt === null ? null : new Date(v.turnEndsAt).toISOString(),
      admissionToken: admitted
        ? await admission.sign({ accountId, showId, ticket: v.ticket, expiresAt: v.turnEndsAt! })
        : null,
      ...(v.status === 'soldOut' ? { waitlistUrl: `/api/shows/${encodeURIComponent(showId)}/waitlist` } : {}),
    };
  }

  /** The caller's own ticket, or 404 ticket_not_found (other people's tickets look missing). */
  async function ownTicket(showId: string, ticketNo: number, accountId: string): Promise<MachineTicketView> {
    const v = await rooms.ticketView(showId, ticketNo, accountId);
    if (!v) throw new ApiError('ticket_not_found', 404, 'No such queue ticket of yours');
    return v;
  }

  return createRouter()
    .openapi(configure, async (c) => {
      const { showId } = c.req.valid('param');
      const body = c.req.valid('json');
      await currencies.of(showId);
      const settings = {
        preQueueAt: Date.parse(body.preQueueAt),
        salesOpenAt: Date.parse(body.salesOpenAt),
        method: body.method,
        maxActive: body.maxActive,
        admitPerMinute: body.admitPerMinute,
        turnMs: body.turnMinutes * 60_000,
      };
      const err = refusal(await rooms.dispatch(showId, { type: 'CONFIGURE', settings }));
      if (err) throw err;
      return c.json(roomView(showId, await rooms.summary(showId)), 200);
    })
    .openapi(pause, (c) => adminCommand(c, c.req.valid('param').showId, { type: 'PAUSE' }))
    .openapi(resume, (c) => adminCommand(c, c.req.valid('param').showId, { type: 'RESUME' }))
    .openapi(end, (c) => adminCommand(c, c.req.valid('param').showId, { type: 'END' }))
    .openapi(revoke, (c) =>
      adminCommand(c, c.req.valid('param').showId, { type: 'REVOKE', accountId: c.req.valid('json').userId }),
    )
    .openapi(view, async (c) => {
      const { showId } = c.req.valid('param');
      await currencies.of(showId);
      return c.json(roomView(showId, await rooms.summary(showId)), 200);
    })
    .openapi(join, async (c) => {
      const { showId } = c.req.valid('param');
      const accountId = userOf(c).userId;
      await currencies.of(showId);
      let outcomes: RoomOutcome[];
      try {
        outcomes = await rooms.dispatch(showId, { type: 'JOIN', accountId });
      } catch (err) {
        if (err instanceof NoRoomError) throw new ApiError('room_not_open', 409, 'The show has no waiting room');
        throw err;
      }
      const err = refusal(outcomes);
      if (err) throw err;
      const joined = outcomes.find((o) => o.type === 'queue.joined' && o.accountId === accountId);
      if (joined?.type !== 'queue.joined') throw new Error(`JOIN of ${accountId} produced no answer`);
      const v = await ownTicket(showId, joined.ticket, accountId);
      return c.json(await ticketBody(showId, v, accountId), joined.already ? 200 : 201);
    })
    .openapi(ticket, async (c) => {
      const { showId, ticketId } = c.req.valid('param');
      const { waitSeconds } = c.req.valid('query');
      const accountId = userOf(c).userId;
      const ticketNo = Number(ticketId);
      let v = await ownTicket(showId, ticketNo, accountId);
      const ifNoneMatch = c.req.valid('header')['if-none-match'];
      // Without If-None-Match the poll waits for a change from what it reads now.
      const shown = ifNoneMatch === undefined ? shownTicket(v, Date.now()) : parseEtag(ifNoneMatch);
      const open = v.status === 'queued' || v.status === 'admitted' || v.status === 'soldOut';
      if (waitSeconds > 0 && open && shown) {
        const signal = c.req.raw.signal;
        await parked(c, waits.wait({ showId, ticket: ticketNo, accountId, shown, ms: waitSeconds * 1000, signal }));
        v = await ownTicket(showId, ticketNo, accountId);
      }
      c.header('etag', etagOf(shownTicket(v, Date.now())));
      return c.json(await ticketBody(showId, v, accountId), 200);
    })
    .openapi(events, async (c) => {
      const { showId, ticketId } = c.req.valid('param');
      const accountId = userOf(c).userId;
      const ticketNo = Number(ticketId);
      const first = await ownTicket(showId, ticketNo, accountId);
      const release = streamSlots.acquire(clientIp(c, env.TRUST_PROXY === 'on'));
      if (!release) {
        throw new ApiError(
          'rate_limited',
          429,
          `At most ${env.STREAMS_PER_IP} streams may be open from one address; close one and retry in ${STREAM_RETRY_AFTER_SECONDS} s`,
          { headers: { 'retry-after': String(STREAM_RETRY_AFTER_SECONDS) } },
        );
      }
      return streamSSE(c, async (sse) => {
        const closed = new AbortController();
        sse.onAbort(() => closed.abort());
        try {
          let shown = shownTicket(first, Date.now());
          await sse.writeSSE({ event: 'ticket', data: JSON.stringify(await ticketBody(showId, first, accountId)) });
          // A finished ticket changes no more; a room moving to another node ends the stream (the
          // client reconnects and is forwarded to the new owner).
          let finished = first.status === 'done' || first.status === 'ended';
          while (!finished) {
            const end = await waits.wait({ showId, ticket: ticketNo, accountId, shown, ms: HEARTBEAT_MS, signal: closed.signal });
            if (end === 'aborted' || end === 'gone') break;
            if (end === 'timeout') {
              await sse.write(': heartbeat\n\n');
              continue;
            }
            const v = await rooms.ticketView(showId, ticketNo, accountId);
            if (!v) break;
            const next = shownTicket(v, Date.now());
            if (next.state === shown.state && next.position === shown.position) continue;
            shown = next;
            await sse.writeSSE({ event: 'ticket', data: JSON.stringify(await ticketBody(showId, v, accountId)) });
            finished = v.status === 'done' || v.status === 'ended';
          }
        } finally {
          release();
        }
      });
    })
    .openapi(leave, async (c) => {
      const { showId, ticketId } = c.req.valid('param');
      const accountId = userOf(c).userId;
      const v = await ownTicket(showId, Number(ticketId), accountId);
      if (v.status !== 'queued' && v.status !== 'admitted') return c.body(null, 204);
      const err = refusal(await rooms.dispatch(showId, { type: 'LEAVE', accountId }));
      if (err && err.code !== 'not_in_queue') throw err;
      return c.body(null, 204);
    });
}

/**
 * The hold endpoints' check while a show's room is on: the Admission-Token of a live turn of this
 * account in this show, checked in memory (the room lives on the show's node). Callers ask
 * `rooms.admissionGate(showId)` first, so a show without a room costs one Map lookup and no await.
 */
export async function requireAdmission(
  gate: AdmissionGate | Promise<AdmissionGate | null>,
  admission: AdmissionTokens,
  showId: string,
  accountId: string,
  token: string | undefined,
): Promise<void> {
  const room = await gate;
  if (room === null) return;
  const claims = token ? await admission.verify(token, Date.now()) : null;
  if (claims && claims.accountId === accountId && claims.showId === showId && room.hasLiveTurn(accountId, claims.ticket))
    return;
  throw new ApiError(
    'queue_required',
    403,
    token
      ? 'The admission token is not valid for this account and show, or its turn has ended: queue again'
      : 'This show has a waiting room: join the queue and send your Admission-Token once admitted',
    { queueUrl: `/api/shows/${encodeURIComponent(showId)}/queue` },
  );
}
