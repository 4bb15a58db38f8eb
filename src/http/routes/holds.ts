import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getBookingView, getHoldRow } from '../../db/queries/bookings.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { quoteRefused } from '../commerce-errors.js';
import { ApiError } from '../errors.js';
import { holdFromOutcome, holdFromRow } from '../hold-views.js';
import { sendHold, sendRelease } from '../command-replies.js';
import { idempotent } from '../idempotency.js';
import { leanValidation } from '../lean-validation.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { holdActionRejected, holdRejected } from '../outcome-errors.js';
import { createRouter } from '../router.js';
import { Booking } from '../schemas/bookings.js';
import { bearer, HoldParams, IdempotencyHeader, problems, ShowIdParam } from '../schemas/common.js';
import { ConfirmRequest, holdRequest, HoldView } from '../schemas/holds.js';
import type { ShowCurrencies } from '../show-currencies.js';
import type { BookingCounters } from '../../observability/metrics.js';
import { withQr } from '../ticket-qr.js';
import type { AdmissionTokens } from '../auth/admission-token.js';
import { AdmissionHeader } from '../schemas/rooms.js';
import { requireAdmission } from './rooms.js';

type Deps = Pick<AppDeps, 'db' | 'runtime' | 'checkout' | 'env' | 'rooms'> & {
  currencies: ShowCurrencies;
  admission: AdmissionTokens;
  counters?: BookingCounters;
};

const placedStatuses = new Set(['held', 'paying', 'confirmed']);

function holdRoutesFor(maxSeatsPerOrder: number) {
  const authed = requireUser();
  return {
    place: createRoute({
      method: 'post',
      path: '/api/shows/{showId}/holds',
      tags: ['holds'],
      summary: 'Hold seats (all or nothing): exactly one of seats or quantity',
      description:
        'While the show has a waiting room, send the Admission-Token of your admitted turn: without a live one, ' +
        '403 queue_required with queueUrl.',
      security: bearer,
      middleware: [authed],
      request: {
        params: ShowIdParam,
        headers: IdempotencyHeader.extend(AdmissionHeader.shape),
        body: { required: true, content: { 'application/json': { schema: holdRequest(maxSeatsPerOrder) } } },
      },
      responses: {
        201: { description: 'Held', content: { 'application/json': { schema: HoldView } } },
        ...problems(400, 401, 403, 404, 409, 422, 503),
      },
    }),
    get: createRoute({
      method: 'get',
      path: '/api/shows/{showId}/holds/{holdId}',
      tags: ['holds'],
      summary: 'One of your holds',
      security: bearer,
      middleware: [authed],
      request: { params: HoldParams },
      responses: {
        200: { description: 'The hold', content: { 'application/json': { schema: HoldView } } },
        ...problems(401, 404),
      },
    }),
    release: createRoute({
      method: 'delete',
      path: '/api/shows/{showId}/holds/{holdId}',
      tags: ['holds'],
      summary: 'Release a hold; its seats are free at once',
      security: bearer,
      middleware: [authed],
      request: { params: HoldParams },
      responses: { 204: { description: 'Released' }, ...problems(401, 404, 409, 410, 503) },
    }),
    confirm: createRoute({
      method: 'post',
      path: '/api/shows/{showId}/holds/{holdId}/confirm',
      tags: ['holds'],
      summary: 'Pay for a hold and book it (test cards: 4242424242424242 pays, 4000000000000002 is declined)',
      description:
        'Charges exactly the quote for the same promoCode and points (POST .../quote). 402 payment_declined for ' +
        'any declined payment (the reason is in GET /api/payments/:paymentId); after MAX_PAYMENT_DECLINES ' +
        'declines the hold ends and the problem carries holdEnded: true. 409 promo_exhausted, ' +
        'quote_changed (expectedTotal differs) or quote_unavailable and 422 promo_invalid or insufficient_points ' +
        'charge nothing.',
      security: bearer,
      middleware: [authed],
      request: {
        params: HoldParams,
        headers: IdempotencyHeader,
        body: { required: true, content: { 'application/json': { schema: ConfirmRequest } } },
      },
      responses: {
        201: { description: 'Booked', content: { 'application/json': { schema: Booking } } },
        ...problems(400, 401, 402, 404, 409, 410, 422, 503),
      },
    }),
  };
}

function retentionMsOf(env: Deps['env']): number {
  return env.IDEMPOTENCY_RETENTION_HOURS * 3_600_000;
}

/** The hold a key's earlier attempt made, answered as that attempt would have been. */
async function existingHold(deps: Deps, showId: string, holdId: string, userId: string) {
  await deps.runtime.readModelsCaughtUp(showId);
  const row = await getHoldRow(deps.db, holdId);
  if (!row || row.userId !== userId || row.showId !== showId) return null;
  if (!placedStatuses.has(row.status))
    throw new ApiError('hold_expired', 410, 'The hold made by this request has ended');
  return holdFromRow(row);
}

/** A hold of the caller in this show, or 404 hold_not_found (other users' holds look missing). */
async function ownHold(deps: Deps, c: Context<AppEnv>, showId: string, holdId: string) {
  await deps.runtime.readModelsCaughtUp(showId);
  const row = await getHoldRow(deps.db, holdId);
  if (!row || row.userId !== userOf(c).userId || row.showId !== showId) {
    throw new ApiError('hold_not_found', 404, 'No such hold of yours');
  }
  return row;
}

export function holdRoutes(deps: Deps) {
  const routes = holdRoutesFor(deps.env.MAX_SEATS_PER_ORDER);
  const router = createRouter();
  // Placing and releasing are an on-sale's hot path: one validating middleware instead of four.
  return router
    .openapi(leanValidation(router, routes.place), async (c) => {
      const { showId } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = userOf(c);
      const headers = c.req.valid('header');
      const gate = deps.rooms?.admissionGate(showId) ?? null;
      if (gate !== null) await requireAdmission(gate, deps.admission, showId, user.userId, headers['admission-token']);
      const result = await idempotent<z.infer<typeof HoldView>>(
        deps.db,
        {
          userId: user.userId,
          key: headers['idempotency-key'],
          scope: `POST ${c.req.path}`,
          body,
          retentionMs: retentionMsOf(deps.env),
        },
        async (holdId, retried) => {
          if (retried) {
            const earlier = await existingHold(deps, showId, holdId, user.userId);
            if (earlier) return { status: 201, body: earlier };
          }
          const currency = await deps.currencies.of(showId);
          const reply = await sendHold(deps.runtime, showId, { holdId, userId: user.userId, ...body });
          switch (reply.type) {
            case 'placed':
              deps.counters?.holdPlaced();
              return { status: 201, body: holdFromOutcome(showId, reply.hold, currency) };
            case 'refused':
              if (reply.code === 'duplicate_id') {
                // A concurrent attempt with the same Idempotency-Key placed it first.
                const earlier = await existingHold(deps, showId, holdId, user.userId);
                if (earlier) return { status: 201, body: earlier };
              }
              throw holdRejected(reply.code, reply.detail);
          }
        },
      );
      return c.json(result.body, 201);
    })
    .openapi(routes.get, async (c) => {
      const { showId, holdId } = c.req.valid('param');
      return c.json(holdFromRow(await ownHold(deps, c, showId, holdId)), 200);
    })
    .openapi(leanValidation(router, routes.release), async (c) => {
      const { showId, holdId } = c.req.valid('param');
      const userId = userOf(c).userId;
      // Only a live hold of the caller's costs the show's queue a command: made-up ids and other
      // people's holds are answered from the show's published state and the holds read model.
      // The common case still costs no query.
      const live = await deps.runtime.liveHoldStatus(showId, holdId);
      if (live?.userId === userId) {
        if (live.status === 'paying') throw holdActionRejected('hold_paying');
        const reply = await sendRelease(deps.runtime, showId, { holdId, userId });
        if (reply.type === 'released') return c.body(null, 204);
        if (reply.code !== 'hold_not_found') throw holdActionRejected(reply.code);
      }
      const row = await ownHold(deps, c, showId, holdId);
      switch (row.status) {
        case 'released':
          return c.body(null, 204);
        case 'confirmed':
          throw new ApiError('hold_confirmed', 409, 'The hold is booked; cancel the booking instead');
        case 'paying':
          throw holdActionRejected('hold_paying');
        case 'expired':
        case 'cancelled':
        case 'held':
          throw new ApiError('hold_expired', 410, 'The hold has already ended');
      }
    })
    .openapi(routes.confirm, async (c) => {
      const { showId, holdId } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = userOf(c);
      const result = await idempotent(
        deps.db,
        {
          userId: user.userId,
          key: c.req.valid('header')['idempotency-key'],
          scope: `POST ${c.req.path}`,
          // The stored hash must not be derived from card data (a CVC above all): the method alone
          // stands for the payment, so a retry with the same key and other card details replays.
          body: { ...body, payment: { method: body.payment.method } },
          retentionMs: retentionMsOf(deps.env),
        },
        async () => {
          const { payment, promoCode, points, expectedTotal } = body;
          const outcome = await deps.checkout.confirm({
            showId,
            holdId,
            userId: user.userId,
            payment,
            terms: { promoCode, points, expectedTotal },
          });
          if (!outcome.ok) {
            switch (outcome.code) {
              case 'promo_invalid':
              case 'promo_exhausted':
              case 'insufficient_points':
              case 'quote_changed':
              case 'quote_unavailable':
                throw quoteRefused(outcome.code, outcome.detail ?? outcome.code);
              case 'hold_not_found':
                throw new ApiError('hold_not_found', 404, outcome.detail ?? 'No such hold of yours');
              case 'hold_expired':
                throw new ApiError('hold_expired', 410, outcome.detail ?? 'The hold has expired');
              case 'payment_declined':
                // One code whatever the card's problem: the reason is in the customer's payment record.
                throw new ApiError(
                  'payment_declined',
                  402,
                  outcome.detail ?? 'The payment was declined',
                  outcome.holdEnded ? { holdEnded: true } : undefined,
                );
              case 'payment_in_progress':
                throw new ApiError(
                  'payment_in_progress',
                  409,
                  outcome.detail ?? 'A payment for this hold is in progress',
                );
            }
          }
          const view = await getBookingView(deps.db, outcome.bookingId);
          deps.counters?.bookingConfirmed();
          if (!view) throw new Error(`booking ${outcome.bookingId} confirmed but not found`);
          return { status: 201, body: withQr(view) };
        },
      );
      return c.json(result.body, 201);
    });
}
