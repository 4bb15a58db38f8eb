import { z } from 'zod';
import { oidcProvidersSetting } from './oidc-providers.js';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback unless set: listening on other interfaces is a choice, made with real admin credentials. */
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  /** The web site's address as customers reach it, for links in emails; unset: the request's own origin. */
  SITE_URL: z.string().url().optional(),
  /** postgres://user:password@host:port/db; several hosts (`h1:p1,h2:p2`) with target_session_attrs for a standby. */
  DATABASE_URL: z.string().refine(isPostgresUrl, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().default('./.data'),
  HOLD_TTL_SECONDS: seconds(300),
  HOLD_GRACE_SECONDS: z.coerce.number().int().min(0).default(5),
  OFFER_TTL_SECONDS: seconds(300),
  WAITLIST_MAX_WAIT_SECONDS: seconds(3600),
  PAYMENT_BOUND_SECONDS: seconds(600),
  MAX_SEATS_PER_ORDER: z.coerce.number().int().min(1).max(1000).default(10),
  /** Seats one customer may hold (and wait for) at once in one show; unset: MAX_SEATS_PER_ORDER. */
  MAX_SEATS_PER_CUSTOMER: z.coerce.number().int().min(1).max(100_000).optional(),
  /** Declined payments a hold survives; the last one ends it, so a hold cannot be used to test cards. */
  MAX_PAYMENT_DECLINES: z.coerce.number().int().min(1).max(100).default(3),
  /** Listings call a seat category almost full when at most this percentage of it is left. */
  ALMOST_FULL_PERCENT: z.coerce.number().min(0).max(100).default(10),
  SEED: z.enum(['demo', 'none']).default('demo'),
  ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8).default('admin-password'),
  /** on: start on a non-loopback HOST even with the default admin password or SEED=demo's promo codes. */
  ALLOW_DEMO_DEFAULTS: z.enum(['on', 'off']).default('off'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Access tokens: short, since a refresh token gets a new one. */
  TOKEN_TTL_SECONDS: seconds(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600),
  /** How long a node trusts what it read of an account's role and token version. */
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  NODE_ID: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines when stdout is a terminal, JSON lines (for log collectors) otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** Failed logins per client IP per minute before that IP is blocked. */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_LOGIN_BLOCK_SECONDS: seconds(900),
  /** Every login per client IP (or IPv6 /64) per minute, successful ones too: each costs a password hash. */
  RATE_LIMIT_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Failed logins per account per 15 minutes, from any address, before the account refuses logins for a while. */
  RATE_LIMIT_LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_LOGIN_ACCOUNT_BLOCK_SECONDS: seconds(900),
  RATE_LIMIT_REGISTER_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Password reset emails asked for per client IP per minute (POST /api/auth/password-reset). */
  RATE_LIMIT_PASSWORD_RESET_PER_MINUTE: z.coerce.number().int().positive().default(5),
  /** Password reset emails asked for per address per hour, from any client. */
  RATE_LIMIT_PASSWORD_RESET_PER_EMAIL_PER_HOUR: z.coerce.number().int().positive().default(3),
  /** How long the link in a password reset email works (once). */
  PASSWORD_RESET_TTL_SECONDS: seconds(30 * 60),
  /** Hold placements and waitlist joins per user per minute, counted on the node that serves them. */
  RATE_LIMIT_HOLDS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Payment attempts (confirm) per user, per hold and per client IP per minute. */
  RATE_LIMIT_CONFIRM_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_CONFIRM_PER_HOLD_PER_MINUTE: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_CONFIRM_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Quotes per user per minute (each may try a promo code). */
  RATE_LIMIT_QUOTES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Hold releases per user per minute. */
  RATE_LIMIT_RELEASES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Waiting-room joins per account per minute (joining again answers the same ticket; a reload joins again). */
  RATE_LIMIT_QUEUE_JOINS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Ticket polls and stream opens per account per minute, together: a long poll at a time, answered
   * at most every second or so, or a stream that reconnects every few seconds, stays well inside it.
   */
  RATE_LIMIT_QUEUE_POLLS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Reads of a show's room (`GET .../room`) per account per minute, or per client IP when signed out. */
  RATE_LIMIT_ROOM_VIEWS_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** How long an Idempotency-Key is remembered; older keys are pruned and may be used again. */
  IDEMPOTENCY_RETENTION_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  API_KEY_QUOTA_PER_HOUR: z.coerce.number().int().positive().default(1000),
  /** on: the client IP is the last X-Forwarded-For entry (set by the one proxy in front). */
  TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  /**
   * Signs requests one node forwards to another; the same on every node. Unset: one generated on the
   * first start and kept in the database (app_secrets), which every node reads.
   */
  CLUSTER_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Set: /metrics, /api/cluster and /api/cluster/owner/:id need `Authorization: Bearer <OPS_TOKEN>`. */
  OPS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SNAPSHOT_EVERY: z.coerce.number().int().positive().default(500),
  /**
   * Least time between two projections of a show's holds and waitlist read models: how long they may
   * lag its journal (plus one write). Readers of their own writes never wait for it; 0: after every commit.
   */
  PROJECTION_PACE_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  SHOW_QUEUE_LIMIT: z.coerce.number().int().positive().default(5000),
  ACTOR_IDLE_SECONDS: seconds(300),
  LEASE_SECONDS: z.coerce.number().positive().max(300).default(5),
  HEARTBEAT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  MAX_CONCURRENT_REBUILDS: z.coerce.number().int().positive().default(8),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Showtime <no-reply@showtime.local>'),
  /** Unset: `<DATA_DIR>/mailbox`. */
  MAILBOX_DIR: z.string().min(1).optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(86_400_000).default(500),
  OUTBOX_DISPATCH: z.enum(['on', 'off']).default('on'),
  HOLD_EXPIRY_WARNING_SECONDS: seconds(60),
  /** How often every node sweeps stale payments and due refunds. */
  PAYMENT_SWEEP_SECONDS: seconds(30),
  /** Age at which a payment still pending is asked of the gateway and settled (booked, refunded or closed). */
  PAYMENT_SETTLE_AFTER_SECONDS: seconds(120),
  /** First wait before a pending refund (or a payment still unknown) is tried again; doubles per try up to the max. */
  PAYMENT_RETRY_BASE_SECONDS: seconds(30),
  PAYMENT_RETRY_MAX_SECONDS: seconds(3600),
  /** Open seat streams (GET /api/shows/:id/stream) per client IP on one node; more get 429. */
  STREAMS_PER_IP: z.coerce.number().int().positive().default(20),
  /**
   * Position-only updates one waiting room sends per second over all its long polls and streams: each
   * customer hears a new place every max(1 s, queued / this) seconds; admissions and sell-outs at once.
   */
  ROOM_POSITION_UPDATES_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(200),
  /**
   * Event-loop lag (ms) above which waiting-room joins and polls and public show and catalog reads get
   * 503 with Retry-After, so holds and payments go on and the lease is renewed; 0 turns it off.
   */
  LOAD_SHED_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /**
   * Deferrable requests (joins, ticket polls and stream opens, public show, seat and catalog reads) a
   * node works on at once; more get 503 with Retry-After before the backlog stalls the event loop. A
   * long poll waiting for its ticket to change does not count. 0 (the default) turns it off: at a
   * full-size on-sale it also refused the polls that tell admitted customers their turn has come, and
   * the sale stalled (see the README's "Big on-sales").
   */
  LOAD_SHED_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(0),
  /** Waiting-room joins a node takes per second (the rest get 503 with Retry-After); 0 (the default) turns it off. */
  LOAD_SHED_JOINS_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(0),
  /** How long hourly API key usage counts are kept; older windows are deleted. */
  API_KEY_USAGE_RETENTION_HOURS: z.coerce.number().int().min(1).max(87_600).default(168),
  /**
   * How long a hold's checkout choice (promo code, points) is kept after its last quote; older ones
   * are deleted. Keep it longer than a hold can live (its TTL, up to 24 h for a show, plus the payment bound).
   */
  HOLD_CHECKOUT_RETENTION_HOURS: z.coerce.number().int().min(1).max(87_600).default(48),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** on: webhooks may call loopback, private and link-local addresses (local development, tests). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
  /** Emails planned to one address per hour; more are dropped (the verification email counts too). */
  EMAILS_PER_RECIPIENT_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** OpenID Connect providers for "Sign in with ...": a JSON array (see oidc-providers.ts). Unset: none. */
  OIDC_PROVIDERS: oidcProvidersSetting.default([]),
});

export type Env = z.infer<typeof envSchema>;

/** As postgres.js reads it: WHATWG URL has no syntax for a list of hosts, so only the first is parsed. */
function isPostgresUrl(value: string): boolean {
  const match = /^(postgres(?:ql)?:\/\/(?:[^@/]*@)?)([^/?#]*)(.*)$/.exec(value);
  return match !== null && URL.canParse(match[1]! + match[2]!.split(',')[0]! + match[3]!);
}

/** Parses the environment; a bad value throws an error that names the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
