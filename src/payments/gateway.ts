/**
 * What the server needs from a payment provider. A real adapter (Stripe, Adyen) implements this;
 * the built-in test gateway (test-gateway.ts) does too. Every call carries an idempotency key so a
 * retry after a crash or a timeout never moves money twice.
 */

export type PaymentInput =
  { method: 'card'; cardNumber: string; expiry: string; cvc: string } | { method: 'paypal'; account: string };

export interface ChargeRequest {
  idempotencyKey: string;
  /** Minor units. */
  amount: number;
  currency: string;
  method: PaymentInput;
  description?: string;
}

/** A charge authorizes and captures in one step. */
export type ChargeResult = { status: 'succeeded'; chargeRef: string } | { status: 'declined'; reason: string };

export interface RefundRequest {
  idempotencyKey: string;
  chargeRef: string;
  /** Minor units; at most what is left of the charge. */
  amount: number;
  currency: string;
}

export type RefundResult = { status: 'succeeded'; refundRef: string } | { status: 'failed'; reason: string };

export interface GatewayRecord {
  kind: 'charge' | 'refund';
  status: 'succeeded' | 'declined';
  ref: string;
  amount: number;
}

export interface PaymentGateway {
  /** Repeating a key returns the first result and never charges again. */
  charge(req: ChargeRequest): Promise<ChargeResult>;
  /** Repeating a key returns the first result and never refunds again. */
  refund(req: RefundRequest): Promise<RefundResult>;
  /** What the gateway recorded under a key, or null if it never saw it (used to settle after a crash). */
  lookup(idempotencyKey: string): Promise<GatewayRecord | null>;
}
