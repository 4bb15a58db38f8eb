import { createPgShowStorage } from '../../src/db/show-storage/index.js';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createShowRuntime, systemClock, type LocalShowRuntime } from '../../src/actors/runtime/index.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createEvent, createShow, createVenue } from '../../src/db/queries/catalog.js';
import type { HallLayout } from '../../src/db/schema/index.js';
import { createApp } from '../../src/http/app.js';
import { createAuth, ensureAdmin, type Auth } from '../../src/http/auth/index.js';
import { createCheckout, createTestGateway } from '../../src/payments/index.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';
import { showRulesFromEnv } from '../../src/config/show-rules.js';
import { createLoyaltyConsumer } from '../../src/commerce/index.js';
import { createDeliveryPlanner, createNotifier, inboxConsumer, type Notifier } from '../../src/notifications/index.js';
import { hasShowFacts } from '../../src/db/show-storage/show-facts.js';
import { createPgRoomStorage } from '../../src/db/room-storage/index.js';
import { createRoomRuntime, roomLogic, type RoomRuntime } from '../../src/actors/room-runtime/index.js';

export const silentLog = pino({ level: 'silent' });

/** Cheap argon2id settings: the tests exercise the flow, not the cost. */
const testPasswordCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const goodCard = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } as const;
export const declinedCard = { method: 'card', cardNumber: '4000000000000002', expiry: '12/30', cvc: '123' } as const;

export interface CallResult {
  status: number;
  // Tests read whatever the response holds; the app's own schemas already checked its shape.
  body: any;
  headers: Headers;
}

export interface TestApp {
  env: Env;
  tdb: TestDatabase;
  runtime: LocalShowRuntime;
  rooms: RoomRuntime;
  auth: Auth;
  app: ReturnType<typeof createApp>;
  /** Outbox dispatcher, delivery worker and hold-expiry sweeper, running with short polls. */
  notifier: Notifier;
  /** A JSON request; `body` is sent as JSON unless it is a string (sent raw, for malformed input). */
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<CallResult>;
  /** Registers a fresh customer. */
  register(name?: string): Promise<{ userId: string; token: string; email: string }>;
  adminToken(): Promise<string>;
  /** A venue, event and show straight through the catalog queries; on sale at once. */
  createShow(opts?: {
    layout?: HallLayout;
    prices?: Record<string, number>;
    holdTtlSeconds?: number;
    startsAt?: Date;
    /** The prices' currency (EUR unless said). */
    currency?: string;
    /** The venue's IANA zone (else the one its city is in). */
    timeZone?: string;
  }): Promise<string>;
  close(): Promise<void>;
}

export const smallLayout: HallLayout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 5, category: 'premium' },
        { row: 'B', seats: 5, category: 'regular' },
      ],
    },
  ],
};

/** Ten seats of one category: quantity holds can always use every seat (a hold never mixes categories). */
export const oneCategoryLayout: HallLayout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'reserved',
      rows: [
        { row: 'A', seats: 5, category: 'regular' },
        { row: 'B', seats: 5, category: 'regular' },
      ],
    },
  ],
};

/** The whole app on a fresh database: real runtime, real checkout with the test gateway, real auth. */
export async function startTestApp(
  overrides: Record<string, string> = {},
  opts: { log?: Logger; eventLoopLag?: () => number } = {},
): Promise<TestApp> {
  // Limits off unless a test turns them on: every request here comes from the same (socketless) client.
  const env = loadEnv({ SEED: 'none', LOG_LEVEL: 'silent', RATE_LIMIT: 'off', ...overrides });
  const log = opts.log ?? pino({ level: env.LOG_LEVEL });
  const tdb = await createTestDatabase();
  const mailboxDir = env.MAILBOX_DIR ?? join(tmpdir(), `showtime-mailbox-${randomUUID()}`);
  const notifier = createNotifier({
    db: tdb.db,
    log,
    // A short poll (unless a test sets one) and a throwaway mailbox (unless a test reads it).
    env: {
      ...env,
      OUTBOX_POLL_MS: overrides.OUTBOX_POLL_MS ? env.OUTBOX_POLL_MS : 50,
      MAILBOX_DIR: mailboxDir,
    },
    consumers: [
      inboxConsumer,
      createDeliveryPlanner({ emailsPerRecipientPerHour: env.EMAILS_PER_RECIPIENT_PER_HOUR, siteUrl: env.SITE_URL }),
      createLoyaltyConsumer(),
    ],
    retryBaseMs: 200,
    sweepMs: 200,
  });
  const runtime = createShowRuntime({
    storage: createPgShowStorage(tdb.db, { ticketSecret: 'test-ticket-secret' }),
    clock: systemClock,
    log,
    nodeId: 'test-node',
    rules: showRulesFromEnv(env),
    projectionPaceMs: env.PROJECTION_PACE_MS,
    sweepMs: 100,
    afterCommit(change) {
      if (hasShowFacts(change.outcomes)) notifier.wake();
    },
  });
  const rooms = createRoomRuntime({
    logic: roomLogic,
    storage: createPgRoomStorage(tdb.db),
    shows: runtime,
    clock: systemClock,
    log,
    nodeId: 'test-node',
    sweepMs: 100,
    tickMs: 50,
  });
  const checkout = createCheckout({
    db: tdb.db,
    runtime,
    gateway: createTestGateway({ db: tdb.db }),
    clock: systemClock,
    log,
    maxDeclinesPerHold: env.MAX_PAYMENT_DECLINES,
  });
  const auth = await createAuth({
    db: tdb.db,
    clock: systemClock,
    log,
    jwtSecret: env.JWT_SECRET,
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    accountCacheMs: env.AUTH_CACHE_SECONDS * 1000,
    passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_SECONDS,
    passwordCost: testPasswordCost,
  });
  await ensureAdmin(tdb.db, env.ADMIN_EMAIL, env.ADMIN_PASSWORD, testPasswordCost);
  const app = createApp({
    env,
    db: tdb.db,
    sql: tdb.sql,
    runtime,
    rooms,
    checkout,
    auth,
    log,
    nodeId: 'test-node',
    // Only set when a test forwards requests to this app from another (see forward-signature.test.ts).
    clusterSecret: env.CLUSTER_SECRET,
    eventLoopLag: opts.eventLoopLag,
  });
  await runtime.start();
  await rooms.start();
  notifier.start();

  const call: TestApp['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };

  let admin: string | undefined;
  return {
    env,
    tdb,
    runtime,
    rooms,
    auth,
    app,
    notifier,
    call,
    async register(name = 'Test User') {
      const email = `user-${randomUUID()}@example.com`;
      const res = await call('POST', '/api/auth/register', { body: { email, password: 'correct horse', name } });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { ...(res.body as { userId: string; token: string }), email };
    },
    async adminToken() {
      if (admin) return admin;
      const res = await call('POST', '/api/auth/login', {
        body: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD },
      });
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status}`);
      admin = res.body.token as string;
      return admin;
    },
    async createShow(opts = {}) {
      const layout = opts.layout ?? smallLayout;
      const { halls } = await createVenue(tdb.db, {
        name: 'Test Hall',
        city: 'Testville',
        timeZone: opts.timeZone,
        halls: [{ name: 'Main', layout }],
      });
      const { eventId } = await createEvent(tdb.db, { title: 'Test Concert', category: 'concert' });
      const categories = new Set(
        layout.sections.flatMap((s) => (s.kind === 'general' ? [s.category] : s.rows.map((r) => r.category))),
      );
      const prices = Object.fromEntries(
        [...categories].map((c) => [c, { amount: opts.prices?.[c] ?? 2500, currency: opts.currency ?? 'EUR' }]),
      );
      const { showId } = await createShow(tdb.db, {
        eventId,
        hallId: halls[0]!.hallId,
        startsAt: opts.startsAt ?? new Date(Date.now() + 7 * 86_400_000),
        prices,
        holdTtlSeconds: opts.holdTtlSeconds ?? null,
      });
      return showId;
    },
    async close() {
      await rooms.stop();
      await runtime.stop();
      await notifier.stop();
      if (!env.MAILBOX_DIR) await rm(mailboxDir, { recursive: true, force: true });
      auth.stop();
      await tdb.close();
    },
  };
}
