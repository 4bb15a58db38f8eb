import type { DefaultRules } from '../actors/runtime/storage.js';
import { loadEnv, type Env } from './env.js';

/** The rules every show starts with, from the environment (a show may override its hold TTL). */
export function showRulesFromEnv(env: Env): DefaultRules {
  return {
    maxSeatsPerOrder: env.MAX_SEATS_PER_ORDER,
    maxSeatsPerCustomer: env.MAX_SEATS_PER_CUSTOMER ?? env.MAX_SEATS_PER_ORDER,
    holdTtlSeconds: env.HOLD_TTL_SECONDS,
    holdGraceSeconds: env.HOLD_GRACE_SECONDS,
    offerTtlSeconds: env.OFFER_TTL_SECONDS,
    waitlistMaxWaitSeconds: env.WAITLIST_MAX_WAIT_SECONDS,
    paymentBoundSeconds: env.PAYMENT_BOUND_SECONDS,
  };
}

/** The documented defaults, for tools and tests that run a runtime without a configured environment. */
export const DEFAULT_SHOW_RULES: DefaultRules = showRulesFromEnv(loadEnv({}));
