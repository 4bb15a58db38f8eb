import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { getPaymentRecord, listUserPaymentRecords, type PaymentRecord } from '../../payments/records.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import { PaymentParams, PaymentRecordList, PaymentRecordView } from '../schemas/payments.js';

const authed = requireUser();
const MY_PAYMENTS_LIMIT = 100;

const getPaymentRoute = createRoute({
  method: 'get',
  path: '/api/payments/{paymentId}',
  tags: ['payments'],
  summary: 'One payment and its refunds (its owner or an admin; anyone else gets 404)',
  security: bearer,
  middleware: [authed],
  request: { params: PaymentParams },
  responses: {
    200: { description: 'The payment', content: { 'application/json': { schema: PaymentRecordView } } },
    ...problems(400, 401, 404),
  },
});

const myPaymentsRoute = createRoute({
  method: 'get',
  path: '/api/me/payments',
  tags: ['payments'],
  summary: `Your payments and their refunds, newest first (the last ${MY_PAYMENTS_LIMIT})`,
  security: bearer,
  middleware: [authed],
  responses: {
    200: { description: 'Payments', content: { 'application/json': { schema: PaymentRecordList } } },
    ...problems(401),
  },
});

export function paymentRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter()
    .openapi(getPaymentRoute, async (c) => {
      const user = userOf(c);
      const record = await getPaymentRecord(db, c.req.valid('param').paymentId);
      // Someone else's payment looks exactly like a missing one, so ids cannot be probed.
      if (!record || (record.payment.userId !== user.userId && user.role !== 'admin')) {
        throw new ApiError('not_found', 404, 'No such payment of yours');
      }
      return c.json(paymentRecordView(record), 200);
    })
    .openapi(myPaymentsRoute, async (c) => {
      const records = await listUserPaymentRecords(db, userOf(c).userId, MY_PAYMENTS_LIMIT);
      return c.json({ items: records.map(paymentRecordView) }, 200);
    });
}

function paymentRecordView({ payment: p, refunds }: PaymentRecord) {
  const money = (amount: number) => ({ amount, currency: p.currency });
  return {
    paymentId: p.id,
    status: p.status,
    amount: money(p.amount),
    // Payments made before quotes existed carry no subtotal: it was the amount.
    subtotal: money(p.subtotal ?? p.amount),
    discount: money(p.discount),
    fees: money(p.fees),
    promoCode: p.promoCode,
    pointsRedeemed: p.pointsRedeemed,
    currency: p.currency,
    method: p.method,
    failureReason: p.failureReason,
    bookingId: p.bookingId,
    showId: p.showId,
    createdAt: p.createdAt.toISOString(),
    refunds: refunds.map((r) => ({
      refundId: r.id,
      amount: money(r.amount),
      status: r.status,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
