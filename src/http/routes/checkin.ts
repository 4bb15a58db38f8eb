import { createRoute } from '@hono/zod-openapi';
import { verifyTicketCode } from '../../tickets/ticket-code.js';
import { recordAdminAction } from '../../db/queries/audit.js';
import { admitTicket, findTicket, readTicketSecret } from '../../db/queries/checkin.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { CheckinRequest, CheckinResult } from '../schemas/checkin.js';
import { bearer, problems } from '../schemas/common.js';

const checkin = createRoute({
  method: 'post',
  path: '/api/admin/checkin',
  tags: ['admin'],
  summary:
    "Admit a ticket at the door, once: a second scan, a forged code, a cancelled booking or another show's ticket is refused",
  security: bearer,
  middleware: [requireAdmin()],
  request: { body: { required: true, content: { 'application/json': { schema: CheckinRequest } } } },
  responses: {
    200: { description: 'Admitted', content: { 'application/json': { schema: CheckinResult } } },
    ...problems(400, 401, 403, 409, 422),
  },
});

const invalid = () => new ApiError('invalid_ticket', 422, 'This is not a valid ticket code');

export function checkinRoutes({ db }: Pick<AppDeps, 'db'>) {
  // The key is made once by the server before it serves and never changes, so one read will do.
  let secret: Promise<string | null> | undefined;
  const ticketSecret = async () => {
    secret ??= readTicketSecret(db);
    const value = await secret;
    if (value === null) secret = undefined;
    return value;
  };

  return createRouter().openapi(checkin, async (c) => {
    const { code, showId, showIds } = c.req.valid('json');
    // The code carries only the ticket id; the row says what the signature covers (show and seat).
    // An unknown id and a bad signature answer alike, so codes cannot be used to probe ticket ids.
    // verifyTicketCode ignores anything after a second dot, so such a code is refused here.
    const parts = code.split('.');
    if (parts.length !== 2) throw invalid();
    const ticket = await findTicket(db, parts[0]!);
    const key = await ticketSecret();
    if (!ticket || key === null || !verifyTicketCode(key, code, ticket)) throw invalid();
    // A genuine ticket for another show (another day, another hall) must not open this door.
    if (!(showIds ?? [showId]).includes(ticket.showId)) {
      throw new ApiError('wrong_show', 409, 'This ticket is for another show', { showId: ticket.showId });
    }

    const result = await admitTicket(db, ticket.ticketId);
    if (result.ok) {
      const t = result.ticket;
      await recordAdminAction(db, {
        adminUserId: userOf(c).userId,
        action: 'ticket.checkin',
        targetType: 'ticket',
        targetId: t.ticketId,
        details: { bookingId: t.bookingId, showId: t.showId, seatId: t.seatId },
      });
      return c.json(
        {
          ticketId: t.ticketId,
          bookingId: t.bookingId,
          showId: t.showId,
          seatId: t.seatId,
          admittedAt: t.admittedAt.toISOString(),
          status: 'admitted' as const,
        },
        200,
      );
    }
    switch (result.code) {
      case 'not_found':
        throw invalid();
      case 'ticket_cancelled':
        throw new ApiError('ticket_cancelled', 409, 'The booking of this ticket was cancelled');
      case 'being_cancelled':
        throw new ApiError('ticket_cancelled', 409, 'The booking of this ticket is being cancelled');
      case 'already_admitted':
        throw new ApiError('already_admitted', 409, 'This ticket was already admitted', {
          admittedAt: result.admittedAt.toISOString(),
        });
    }
  });
}
