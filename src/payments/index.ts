export { createCheckout, type Checkout } from './checkout.js';
export type { CancelBookingInput, CancelBookingResult } from './cancel-booking.js';
export type { CancellationRequest, CancellationTerms } from './cancellation-terms.js';
export type { ConfirmInput, ConfirmResult } from './confirm.js';
export type { CheckoutDeps, CheckoutLog } from './deps.js';
export type {
  ChargeRequest,
  ChargeResult,
  GatewayRecord,
  PaymentGateway,
  PaymentInput,
  RefundRequest,
  RefundResult,
} from './gateway.js';
export { describeMethod, passesLuhn } from './payment-method.js';
export type { ReconcileReport, ShowRefundReport } from './reconcile.js';
export { createTestGateway, TEST_CARDS } from './test-gateway.js';
