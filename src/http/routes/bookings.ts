import { createRoute } from '@hono/zod-openapi';
import { recordAdminAction } from '../../db/queries/audit.js';
import { getBookingView, listUserBookings } from '../../db/queries/bookings.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import type { CancellationTerms } from '../../payments/index.js';
import { Booking, BookingList, CancellationQuote, CancelledBooking } from '../schemas/bookings.js';
import { bearer, BookingParams, IdempotencyHeader, problems } from '../schemas/common.js';
import { ticketQrPng, ticketQrSvg, withQr } from '../ticket-qr.js';

const authed = requireUser();

const getBooking = createRoute({
  method: 'get',
  path: '/api/bookings/{bookingId}',
  tags: ['bookings'],
  summary: 'One booking (its owner or an admin)',
  security: bearer,
  middleware: [authed],
  request: { params: BookingParams },
  responses: {
    200: { description: 'The booking', content: { 'application/json': { schema: Booking } } },
    ...problems(401, 404),
  },
});

const bookingQr = createRoute({
  method: 'get',
  path: '/api/bookings/{bookingId}/qr.svg',
  tags: ['bookings'],
  summary: 'The booking’s QR code (SVG), holding its signed ticket codes',
  security: bearer,
  middleware: [authed],
  request: { params: BookingParams },
  responses: {
    200: { description: 'SVG image', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
    ...problems(401, 404),
  },
});

const bookingQrPng = createRoute({
  method: 'get',
  path: '/api/bookings/{bookingId}/qr.png',
  tags: ['bookings'],
  summary: 'The booking’s QR code (PNG), holding its signed ticket codes',
  security: bearer,
  middleware: [authed],
  request: { params: BookingParams },
  responses: {
    200: { description: 'PNG image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
    ...problems(401, 404),
  },
});

const myBookings = createRoute({
  method: 'get',
  path: '/api/me/bookings',
  tags: ['bookings'],
  summary: 'Your bookings, newest first',
  security: bearer,
  middleware: [authed],
  responses: {
    200: { description: 'Bookings', content: { 'application/json': { schema: BookingList } } },
    ...problems(401),
  },
});

const cancelBooking = createRoute({
  method: 'delete',
  path: '/api/bookings/{bookingId}',
  tags: ['bookings'],
  summary: 'Cancel a booking and refund it per the show’s cancellation policy',
  security: bearer,
  middleware: [authed],
  request: { params: BookingParams, headers: IdempotencyHeader },
  responses: {
    200: { description: 'Cancelled', content: { 'application/json': { schema: CancelledBooking } } },
    ...problems(401, 404, 409, 422, 503),
  },
});

const quoteCancellation = createRoute({
  method: 'get',
  path: '/api/bookings/{bookingId}/cancellation',
  tags: ['bookings'],
  summary: 'What cancelling the booking now would refund, under which rule of the show’s policy, and until when',
  description:
    'Decided exactly as DELETE /api/bookings/:bookingId decides, so cancelling right after refunds this amount. ' +
    '409 cancellation_window_closed, already_cancelled or ticket_admitted when it cannot be cancelled.',
  security: bearer,
  middleware: [authed],
  request: { params: BookingParams },
  responses: {
    200: { description: 'The refund', content: { 'application/json': { schema: CancellationQuote } } },
    ...problems(401, 404, 409),
  },
});

/** Why a booking cannot be cancelled, as the problem both the quote and the cancellation answer. */
function cancellationRefused(outcome: Extract<CancellationTerms, { ok: false }>): ApiError {
  switch (outcome.code) {
    case 'not_found':
      return new ApiError('not_found', 404, outcome.detail ?? 'No such booking of yours');
    case 'cancellation_window_closed':
      return new ApiError(
        'cancellation_window_closed',
        409,
        outcome.detail ?? 'This booking can no longer be cancelled',
      );
    case 'ticket_admitted':
      return new ApiError(
        'ticket_admitted',
        409,
        'A ticket of this booking has been admitted at the door; it can no longer be cancelled',
      );
    case 'already_cancelled':
      return new ApiError('already_cancelled', 409, outcome.detail ?? 'This booking is already cancelled');
  }
}

export function bookingRoutes({ db, checkout, env }: Pick<AppDeps, 'db' | 'checkout' | 'env'>) {
  return createRouter()
    .openapi(getBooking, async (c) => {
      const user = userOf(c);
      const view = await getBookingView(db, c.req.valid('param').bookingId);
      // Someone else's booking looks exactly like a missing one, so ids cannot be probed.
      if (!view || (view.userId !== user.userId && user.role !== 'admin')) {
        throw new ApiError('not_found', 404, 'No such booking of yours');
      }
      return c.json(withQr(view), 200);
    })
    .openapi(bookingQr, async (c) => {
      const user = userOf(c);
      const view = await getBookingView(db, c.req.valid('param').bookingId);
      if (!view || (view.userId !== user.userId && user.role !== 'admin')) {
        throw new ApiError('not_found', 404, 'No such booking of yours');
      }
      const svg = await ticketQrSvg(view.tickets.map((t) => t.code));
      return c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=86400' });
    })
    .openapi(bookingQrPng, async (c) => {
      const user = userOf(c);
      const view = await getBookingView(db, c.req.valid('param').bookingId);
      if (!view || (view.userId !== user.userId && user.role !== 'admin')) {
        throw new ApiError('not_found', 404, 'No such booking of yours');
      }
      const png = await ticketQrPng(view.tickets.map((t) => t.code));
      return c.body(new Uint8Array(png), 200, {
        'content-type': 'image/png',
        'cache-control': 'private, max-age=86400',
      });
    })
    .openapi(myBookings, async (c) => {
      const views = await listUserBookings(db, userOf(c).userId);
      return c.json({ items: views.map(withQr) }, 200);
    })
    .openapi(quoteCancellation, async (c) => {
      const user = userOf(c);
      const { bookingId } = c.req.valid('param');
      const quote = await checkout.quoteCancellation({
        bookingId,
        userId: user.userId,
        asAdmin: user.role === 'admin',
      });
      if (!quote.ok) throw cancellationRefused(quote);
      const { booking, terms } = quote;
      const rule = ({ hoursBefore, refundPercent, label }: typeof terms.rule) => ({
        hoursBefore,
        refundPercent,
        label,
      });
      return c.json(
        {
          bookingId: booking.id,
          refund: { amount: terms.amount, currency: booking.currency },
          total: { amount: booking.total, currency: booking.currency },
          rule: rule(terms.rule),
          until: new Date(terms.until).toISOString(),
          next: terms.next ? rule(terms.next) : null,
        },
        200,
      );
    })
    .openapi(cancelBooking, async (c) => {
      const user = userOf(c);
      const { bookingId } = c.req.valid('param');
      const result = await idempotent(
        db,
        {
          userId: user.userId,
          key: c.req.valid('header')['idempotency-key'],
          scope: `DELETE ${c.req.path}`,
          body: null,
          retentionMs: env.IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
        },
        async () => {
          const outcome = await checkout.cancelBooking({
            bookingId,
            userId: user.userId,
            asAdmin: user.role === 'admin',
          });
          if (!outcome.ok) throw cancellationRefused(outcome);
          // Inside the idempotent call, so a repeated request does not log the cancellation twice.
          if (outcome.ownerId !== user.userId) {
            await recordAdminAction(db, {
              adminUserId: user.userId,
              action: 'booking.cancel',
              targetType: 'booking',
              targetId: outcome.bookingId,
              details: { customerId: outcome.ownerId, showId: outcome.showId, refund: outcome.refund },
            });
          }
          return {
            status: 200,
            body: { bookingId: outcome.bookingId, status: 'cancelled' as const, refund: outcome.refund },
          };
        },
      );
      return c.json(result.body, 200);
    });
}
