import { createPgShowStorage } from './db/show-storage/index.js';
import { createPgRoomStorage } from './db/room-storage/index.js';
import { createRoomRuntime, roomLogic, type RoomRuntime } from './actors/room-runtime/index.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createMembership, placementOf } from './actors/placement/index.js';
import { createLagMonitor } from './observability/event-loop-lag.js';
import { createShowRuntime, systemClock, type Clock, type LocalShowRuntime } from './actors/runtime/index.js';
import type { Env } from './config/env.js';
import { openDatabase, type Database } from './db/client.js';
import { ensureDatabaseUrl } from './db/database-url.js';
import { migrate } from './db/migrate.js';
import { getOrCreateSecret } from './db/queries/users.js';
import { seedDemo } from './db/seed/demo.js';
import { exposedDefaultsProblem } from './config/exposed-defaults.js';
import { createApp } from './http/app.js';
import { startIdempotencyPruning } from './http/idempotency.js';
import { createAuth, ensureAdmin, type Auth, type PasswordCost } from './http/auth/index.js';
import { createCheckout, createTestGateway, type Checkout } from './payments/index.js';
import { createLoop } from './outbox/loop.js';
import { createUsageRetention } from './http/api-keys/usage-retention.js';
import { showRulesFromEnv } from './config/show-rules.js';
import { findFreePort } from './net/free-port.js';
import { createCheckoutChoiceRetention, createLoyaltyConsumer } from './commerce/index.js';
import { createDeliveryPlanner, createNotifier, inboxConsumer, type Notifier } from './notifications/index.js';
import { hasShowFacts } from './db/show-storage/show-facts.js';

export interface RunningServer {
  url: string;
  port: number;
  nodeId: string;
  database: Database;
  runtime: LocalShowRuntime;
  rooms: RoomRuntime;
  checkout: Checkout;
  auth: Auth;
  notifier: Notifier;
  /** Stops taking requests, drains the live shows, closes the pool and the embedded PostgreSQL. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  clock?: Clock;
  /** Only tests lower this. */
  passwordCost?: PasswordCost;
  /** Runtime tuning, mostly for tests. */
  sweepMs?: number;
}

/** Builds and starts one node: database, migrations, seed, admin, runtime, HTTP. */
export async function startServer(env: Env, log: Logger, opts: ServerOptions = {}): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const exposed = exposedDefaultsProblem(env);
  if (exposed) throw new Error(exposed);
  const pg = await ensureDatabaseUrl(env, log);
  let database: Database | null = null;
  let heartbeatDatabase: Database | null = null;
  try {
    await migrate(pg.url);
    database = openDatabase(pg.url, { max: 20 });
    // The lease heartbeat has a connection of its own: queued behind request queries in the shared
    // pool under load, it renewed late and the node fenced itself off its own shows (503 not_owner,
    // seen in the soak with one node).
    heartbeatDatabase = openDatabase(pg.url, { max: 1 });
    const { db } = database;
    if (env.SEED === 'demo') await seedDemo(db, { now: new Date(clock.now()) });
    const { demoted } = await ensureAdmin(db, env.ADMIN_EMAIL, env.ADMIN_PASSWORD, opts.passwordCost);
    if (demoted.length > 0) log.warn({ demoted }, 'admins not made through the admin API were demoted');

    // The port is fixed before listening because peers must be told this node's URL when it joins.
    const port = env.PORT || (await findFreePort(env.HOST));
    const nodeId = env.NODE_ID ?? `${hostname()}-${port}`;
    const url = env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
    const ticketSecret = await getOrCreateSecret(db, 'ticket_secret', randomBytes(32).toString('base64url'));
    const gateway = createTestGateway({ db });
    let checkout: Checkout | null = null;
    const planner = createDeliveryPlanner({
      emailsPerRecipientPerHour: env.EMAILS_PER_RECIPIENT_PER_HOUR,
      siteUrl: env.SITE_URL ?? url,
    });
    const notifier = createNotifier({ db, log, env, consumers: [inboxConsumer, planner, createLoyaltyConsumer()] });
    const storage = createPgShowStorage(db, { ticketSecret });
    const runtime = createShowRuntime({
      storage,
      clock,
      log: log.child({ component: 'runtime' }),
      nodeId,
      rules: showRulesFromEnv(env),
      snapshotEvery: env.SNAPSHOT_EVERY,
      projectionPaceMs: env.PROJECTION_PACE_MS,
      queueLimit: env.SHOW_QUEUE_LIMIT,
      idleMs: env.ACTOR_IDLE_SECONDS * 1000,
      sweepMs: opts.sweepMs,
      maxConcurrentActivations: env.MAX_CONCURRENT_REBUILDS,
      owns: (showId) => placement.isMine(showId),
      afterActivate(showId, { hasPayingHolds }) {
        if (hasPayingHolds)
          void checkout?.reconcile(showId).catch((err) => log.warn({ err, showId }, 'reconcile failed'));
      },
      afterCommit(change) {
        if (hasShowFacts(change.outcomes)) notifier.wake();
        if (change.outcomes.some((o) => o.type === 'show.cancelled')) {
          void checkout?.retryPendingRefunds().catch((err) => log.warn({ err }, 'refund retry failed'));
        }
      },
    });
    // A show's waiting room lives on the node that owns the show, beside its actor.
    const rooms = createRoomRuntime({
      logic: roomLogic,
      storage: createPgRoomStorage(db),
      shows: runtime,
      clock,
      log: log.child({ component: 'rooms' }),
      nodeId,
      owns: (showId) => placement.isMine(showId),
      sweepMs: opts.sweepMs,
    });
    const membership = createMembership({
      sql: heartbeatDatabase.sql,
      nodeId,
      url,
      leaseMs: env.LEASE_SECONDS * 1000,
      heartbeatMs: env.HEARTBEAT_MS,
      log: log.child({ component: 'membership' }),
      liveShows: () => runtime.liveShows().length,
    });
    const placement = placementOf(membership);
    // When the ring changes, or this node loses its lease, shows it no longer owns are handed off.
    membership.onChange(() => {
      runtime.handoff().catch((err) => log.warn({ err }, 'handoff failed'));
      rooms.handoff().catch((err) => log.warn({ err }, 'room handoff failed'));
    });
    checkout = createCheckout(
      {
        db,
        runtime,
        gateway,
        clock,
        log: log.child({ component: 'checkout' }),
        maxDeclinesPerHold: env.MAX_PAYMENT_DECLINES,
      },
      {
        settleAfterMs: env.PAYMENT_SETTLE_AFTER_SECONDS * 1000,
        backoff: { baseMs: env.PAYMENT_RETRY_BASE_SECONDS * 1000, maxMs: env.PAYMENT_RETRY_MAX_SECONDS * 1000 },
        // Only the show's owner may dispatch to its actor, so each node settles its own shows' payments.
        owns: (showId) => placement.isMine(showId),
      },
    );
    const paymentSweeper = createLoop({
      name: 'payment-sweeper',
      intervalMs: env.PAYMENT_SWEEP_SECONDS * 1000,
      log,
      pass: async () => {
        await checkout?.sweep();
        return false;
      },
    });
    const usageRetention = createUsageRetention({
      db,
      log,
      retentionHours: env.API_KEY_USAGE_RETENTION_HOURS,
      intervalMs: 10 * 60_000,
    });
    const checkoutChoiceRetention = createCheckoutChoiceRetention({
      db,
      log,
      retentionHours: env.HOLD_CHECKOUT_RETENTION_HOURS,
      intervalMs: 3_600_000,
    });
    const auth = await createAuth({
      db,
      clock,
      log,
      jwtSecret: env.JWT_SECRET,
      tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
      refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      accountCacheMs: env.AUTH_CACHE_SECONDS * 1000,
      passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_SECONDS,
      passwordCost: opts.passwordCost,
    });
    const lag = createLagMonitor();
    const app = createApp({
      env,
      db,
      sql: database.sql,
      runtime,
      rooms,
      checkout,
      auth,
      log,
      nodeId,
      placement,
      clusterSecret:
        env.CLUSTER_SECRET ?? (await getOrCreateSecret(db, 'cluster_secret', randomBytes(48).toString('base64url'))),
      runtimeStats: () => runtime.stats(),
      eventLoopLag: lag.lagMs,
    });
    await membership.start();
    await runtime.start();
    await rooms.start();
    notifier.start();
    void checkout.retryPendingRefunds().catch((err) => log.warn({ err }, 'refund retry failed'));
    paymentSweeper.start();
    usageRetention.start();
    checkoutChoiceRetention.start();

    const stopPruning = startIdempotencyPruning({
      db,
      retentionMs: env.IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
      now: () => clock.now(),
      log,
    });

    const server = await listen(app.fetch, env.HOST, port);
    const db0 = database;
    const heartbeat0 = heartbeatDatabase;
    let stopping: Promise<void> | null = null;
    return {
      url,
      port,
      nodeId,
      database: db0,
      runtime,
      rooms,
      checkout,
      auth,
      notifier,
      stop: () =>
        (stopping ??= (async () => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Peers forward over keep-alive connections for as long as this node is in their ring, so
          // waiting for close() first would wait forever under load: close connections as they go
          // idle, drain and leave, then cut what is left (long polls, streams; their clients retry).
          const idle = setInterval(() => server.closeIdleConnections(), 100);
          await paymentSweeper.stop();
          await usageRetention.stop();
          await checkoutChoiceRetention.stop();
          stopPruning();
          lag.stop();
          await rooms.stop();
          await runtime.stop();
          await notifier.stop();
          await membership.stop();
          const force = setTimeout(() => server.closeAllConnections(), 1000);
          await closed;
          clearInterval(idle);
          clearTimeout(force);
          auth.stop();
          await db0.close();
          await heartbeat0.close();
          await pg.stop();
        })()),
    };
  } catch (err) {
    await database?.close().catch(() => {});
    await heartbeatDatabase?.close().catch(() => {});
    await pg.stop().catch(() => {});
    throw err;
  }
}

function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  host: string,
  port: number,
): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    // Without createServer options serve() makes a plain node:http server.
    const server = serve({ fetch, hostname: host, port }, () => resolve(server as HttpServer));
    server.once('error', reject);
  });
}
