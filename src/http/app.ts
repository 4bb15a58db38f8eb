import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from './app-env.js';
import { createErrorHandler, handleNotFound } from './errors.js';
import { accessLog } from './middleware/access-log.js';
import { deferrableLimits, loadShedding } from './middleware/load-shedding.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { createMetrics } from '../observability/metrics.js';
import { bodyLimit } from './middleware/body-limit.js';
import { authenticate } from './middleware/auth.js';
import { apiKeyGate } from './middleware/api-key.js';
import { limitPerIp, limitPerUser, limitRequests } from './middleware/rate-limit.js';
import { limitLogins } from './middleware/login-limits.js';
import { limitPasswordResets } from './middleware/password-reset-limits.js';
import { clientKey } from './client-ip.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { openApiRoutes } from './routes/openapi.js';
import { requestId } from './middleware/request-id.js';
import { servedBy } from './middleware/served-by.js';
import { securityHeaders } from './middleware/security-headers.js';
import { forwardToOwner, showIdFromPath, verifyForwarded } from './middleware/forward.js';
import { clusterRoutes } from './routes/cluster.js';
import { docsRoutes } from './routes/docs.js';
import { metricsRoutes } from './routes/metrics.js';
import { singleNode } from '../actors/placement/index.js';
import { showIdOfBooking } from '../db/queries/bookings.js';
import { adminRoutes } from './routes/admin.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { adminCatalogRoutes } from './routes/admin-catalog.js';
import { adminShowRoutes } from './routes/admin-shows.js';
import { adminStatsRoutes } from './routes/admin-stats.js';
import { assistantRoutes } from './routes/assistant.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { oidcRoutes } from './routes/oidc.js';
import { personalDataRoutes } from './routes/personal-data.js';
import { bookingRoutes } from './routes/bookings.js';
import { catalogRoutes } from './routes/catalog.js';
import { checkinRoutes } from './routes/checkin.js';
import { holdRoutes } from './routes/holds.js';
import { myHoldRoutes } from './routes/my-holds.js';
import { inspectorRoutes } from './routes/inspector.js';
import { opsRoutes } from './routes/ops.js';
import { reviewRoutes } from './routes/reviews.js';
import { showRoutes } from './routes/shows.js';
import { supportRoutes } from './routes/support.js';
import { waitlistRoutes } from './routes/waitlist.js';
import { notificationRoutes } from './routes/notifications.js';
import { webhookRoutes } from './routes/webhooks.js';
import { loyaltyRoutes } from './routes/loyalty.js';
import { paymentRoutes } from './routes/payments.js';
import { promoRoutes } from './routes/promos.js';
import { quoteRoutes } from './routes/quote.js';
import { roomRoutes } from './routes/rooms.js';
import { createAdmissionTokens } from './auth/admission-token.js';
import { resolveJwtSecret } from './auth/jwt-secret.js';
import { systemClock } from '../actors/runtime/index.js';
import { createShowCurrencies } from './show-currencies.js';
import { createSeatFeeds } from './streams/seat-feed.js';
import { validationHook } from './validation.js';
import { PrefixRouter } from './prefix-router.js';
import { webRoutes } from './web/routes.js';

// Far above any legitimate request (the largest is a venue layout); stops memory abuse early.
const MAX_BODY_BYTES = 1024 * 1024;

/** The whole HTTP surface: middleware, routes, error mapping, the OpenAPI document and its docs page. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  // Matching is per request: see prefix-router.ts for why not Hono's default router.
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, router: new PrefixRouter() });
  const currencies = createShowCurrencies(deps.db);
  const feeds = createSeatFeeds(deps.runtime, deps.log);
  const admission = createAdmissionTokens(() => resolveJwtSecret(deps.db, deps.env.JWT_SECRET));
  const metrics = createMetrics({
    liveShows: () => deps.runtime.liveShows(),
    stats: deps.runtimeStats,
    ...(deps.rooms ? { rooms: deps.rooms } : {}),
  });

  // A page's own headers win (the web site's and the docs' own CSP, Referrer-Policy).
  app.use('*', securityHeaders());
  app.use('*', requestMetrics(metrics));
  app.use('*', requestId(deps.log));
  app.use('*', accessLog(deps.log));
  app.use('/api/*', bodyLimit(MAX_BODY_BYTES));
  app.use('/api/*', verifyForwarded(deps.clusterSecret));
  if (deps.eventLoopLag && deps.env.LOAD_SHED_LAG_MS > 0) {
    app.use('/api/*', loadShedding({ lagMs: deps.eventLoopLag, maxLagMs: deps.env.LOAD_SHED_LAG_MS, onShed: metrics.requestShed }));
  }
  app.use('/api/shows/*', servedBy(deps.nodeId));
  // Matches `/api/admin/shows/:showId` too; not the create route, which names no show.
  const adminShowPath = '/api/admin/shows/:showId/*';
  app.use(adminShowPath, servedBy(deps.nodeId));
  const placement = deps.placement ?? singleNode(deps.nodeId, '');
  if (deps.placement) {
    if (!deps.clusterSecret) throw new Error('A node of a cluster needs the cluster secret to sign what it forwards');
    const signing = { secret: deps.clusterSecret, trustProxy: deps.env.TRUST_PROXY === 'on' };
    // Before authentication: the owner checks the token itself, so a forwarded request is checked once.
    app.use(
      '/api/shows/*',
      forwardToOwner(placement, (c) => showIdFromPath(c.req.path), signing),
    );
    // Admin show commands (cancel, update, delete) reach the show's actor, so they run on its owner.
    app.use(
      adminShowPath,
      forwardToOwner(placement, (c) => c.req.param('showId') ?? null, signing),
    );
    app.on(
      'DELETE',
      '/api/bookings/:bookingId',
      forwardToOwner(placement, (c) => showIdOfBooking(deps.db, c.req.param('bookingId') ?? ''), signing),
    );
  }
  // After forwarding, before authentication: a node bounds the deferrable work it serves itself, and a
  // refusal costs no token check.
  if (deps.env.LOAD_SHED_MAX_IN_FLIGHT > 0 || deps.env.LOAD_SHED_JOINS_PER_SECOND > 0) {
    app.use(
      '/api/*',
      deferrableLimits({
        maxInFlight: deps.env.LOAD_SHED_MAX_IN_FLIGHT,
        joinsPerSecond: deps.env.LOAD_SHED_JOINS_PER_SECOND,
        onShed: metrics.requestShed,
      }),
    );
  }
  // After forwarding, like authentication: the node that serves a request meters its key, once.
  app.use('/api/*', apiKeyGate({ db: deps.db, enforceQuota: deps.env.RATE_LIMIT === 'on' }));
  app.use('/api/*', authenticate(deps.auth));
  if (deps.env.RATE_LIMIT === 'on') mountRateLimits(app, deps.env);

  app.route('/', opsRoutes(deps));
  app.route('/', metricsRoutes(metrics, deps.env.OPS_TOKEN));
  app.route('/', authRoutes(deps));
  app.route('/', oidcRoutes({ ...deps, clock: systemClock }));
  app.route('/', personalDataRoutes(deps));
  app.route('/', showRoutes({ ...deps, feeds, currencies }));
  app.route('/', holdRoutes({ ...deps, currencies, counters: metrics, admission }));
  if (deps.rooms) app.route('/', roomRoutes({ env: deps.env, rooms: deps.rooms, admission, currencies }));
  app.route('/', waitlistRoutes(deps));
  app.route('/', myHoldRoutes({ db: deps.db, runtime: deps.runtime, clock: systemClock }));
  app.route('/', bookingRoutes(deps));
  app.route('/', quoteRoutes({ db: deps.db, runtime: deps.runtime, clock: systemClock }));
  app.route('/', paymentRoutes(deps));
  app.route('/', loyaltyRoutes({ db: deps.db, clock: systemClock }));
  app.route('/', promoRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', adminUserRoutes(deps));
  app.route('/', adminShowRoutes({ ...deps, currencies }));
  app.route('/', adminCatalogRoutes({ ...deps, currencies }));
  app.route('/', adminStatsRoutes(deps));
  app.route('/', checkinRoutes(deps));
  app.route('/', assistantRoutes(deps));
  app.route('/', supportRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', reviewRoutes(deps));
  app.route('/', apiKeyRoutes(deps));
  app.route('/', catalogRoutes(deps));
  app.route('/', clusterRoutes({ placement, runtime: deps.runtime, opsToken: deps.env.OPS_TOKEN }));
  app.route('/', inspectorRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Key',
    description:
      'Optional on every /api route: identifies and meters a third-party app (hourly quota, then 429 rate_limited); ' +
      'an unknown or revoked key is 401 invalid_api_key. It does not sign anyone in: send a bearer token too.',
  });
  app.route(
    '/',
    openApiRoutes(app, {
      openapi: '3.1.0',
      info: {
        title: 'Showtime booking API',
        version: '1.0.0',
        description:
          'Seats for shows, held and booked through one actor per show. Errors are application/problem+json. ' +
          'Sign-in, registration, holds, waitlist joins and the waiting room (joins, polls, streams, room reads) are ' +
          'rate limited, and so are requests with an X-Api-Key: ' +
          '429 rate_limited with Retry-After and RateLimit-* headers.',
      },
    }),
  );
  app.route('/', docsRoutes());
  app.route('/', webRoutes());

  app.onError(createErrorHandler(deps.log));
  app.notFound(handleNotFound);
  return app;
}

/**
 * Per-process limits: sign-in and registration by client IP; password reset emails by client IP and
 * by address, setting and changing a password by client IP (and account); holds and waitlist joins, quotes and
 * releases by user; payments by user, hold and client IP; waiting-room joins, polls and room reads
 * by account or, signed out, by client IP (after authentication, so a request forwarded to a show's
 * owner is counted there, once).
 */
function mountRateLimits(app: OpenAPIHono<AppEnv>, env: AppDeps['env']): void {
  const trustProxy = env.TRUST_PROXY === 'on';
  app.use(
    '/api/auth/login',
    limitLogins({
      attemptsPerMinute: env.RATE_LIMIT_LOGIN_ATTEMPTS_PER_MINUTE,
      failuresPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      blockSeconds: env.RATE_LIMIT_LOGIN_BLOCK_SECONDS,
      accountFailures: env.RATE_LIMIT_LOGIN_ACCOUNT_FAILURES,
      accountBlockSeconds: env.RATE_LIMIT_LOGIN_ACCOUNT_BLOCK_SECONDS,
      trustProxy,
    }),
  );
  app.use(
    '/api/auth/register',
    limitPerIp({ perMinute: env.RATE_LIMIT_REGISTER_PER_MINUTE, trustProxy, what: 'registration' }),
  );
  app.use(
    '/api/auth/password-reset',
    limitPasswordResets({
      perClientPerMinute: env.RATE_LIMIT_PASSWORD_RESET_PER_MINUTE,
      perEmailPerHour: env.RATE_LIMIT_PASSWORD_RESET_PER_EMAIL_PER_HOUR,
      trustProxy,
    }),
  );
  // Setting a password costs a hash; changing one checks a password, like a login.
  app.use(
    '/api/auth/password-reset/confirm',
    limitPerIp({ perMinute: env.RATE_LIMIT_LOGIN_ATTEMPTS_PER_MINUTE, trustProxy, what: 'password reset' }),
  );
  app.use(
    '/api/me/password',
    limitRequests({
      method: 'POST',
      budgets: [
        { what: 'password change', perMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE, key: (c) => c.get('user')?.userId ?? null },
        {
          what: 'password change',
          perMinute: env.RATE_LIMIT_LOGIN_ATTEMPTS_PER_MINUTE,
          key: (c) => clientKey(c, trustProxy),
        },
      ],
    }),
  );
  // A link step checks a password (and costs a hash), like a login.
  app.use(
    '/api/auth/oidc/complete',
    limitPerIp({ perMinute: env.RATE_LIMIT_LOGIN_ATTEMPTS_PER_MINUTE, trustProxy, what: 'provider sign-in' }),
  );
  const holds = limitPerUser({ perMinute: env.RATE_LIMIT_HOLDS_PER_MINUTE, what: 'hold and waitlist' });
  app.use('/api/shows/:showId/holds', holds);
  app.use('/api/shows/:showId/waitlist', holds);
  const ofUser = (c: Context<AppEnv>) => c.get('user')?.userId ?? null;
  // Card testing: every confirm may try a card, so they are counted by account, by hold and by address.
  app.use(
    '/api/shows/:showId/holds/:holdId/confirm',
    limitRequests({
      method: 'POST',
      budgets: [
        { what: 'payment', perMinute: env.RATE_LIMIT_CONFIRM_PER_IP_PER_MINUTE, key: (c) => clientKey(c, trustProxy) },
        { what: 'payment', perMinute: env.RATE_LIMIT_CONFIRM_PER_MINUTE, key: ofUser },
        {
          what: 'payment',
          perMinute: env.RATE_LIMIT_CONFIRM_PER_HOLD_PER_MINUTE,
          key: (c) => {
            const user = ofUser(c);
            return user === null ? null : `${user}:${c.req.param('holdId') ?? ''}`;
          },
        },
      ],
    }),
  );
  // Each quote may try a promo code.
  app.use(
    '/api/shows/:showId/holds/:holdId/quote',
    limitRequests({
      method: 'POST',
      budgets: [{ what: 'quote', perMinute: env.RATE_LIMIT_QUOTES_PER_MINUTE, key: ofUser }],
    }),
  );
  app.use(
    '/api/shows/:showId/holds/:holdId',
    limitRequests({
      method: 'DELETE',
      budgets: [{ what: 'release', perMinute: env.RATE_LIMIT_RELEASES_PER_MINUTE, key: ofUser }],
    }),
  );
  // The waiting room in an on-sale: a customer is counted by account, a signed-out reader by address.
  const customer = (c: Context<AppEnv>) => {
    const user = ofUser(c);
    return user === null ? `ip:${clientKey(c, trustProxy)}` : `user:${user}`;
  };
  app.use(
    '/api/shows/:showId/queue',
    limitRequests({
      method: 'POST',
      budgets: [{ what: 'queue join', perMinute: env.RATE_LIMIT_QUEUE_JOINS_PER_MINUTE, key: customer }],
    }),
  );
  // One budget for polls and stream opens: a client falling back from one to the other gets no more.
  const polls = limitRequests({
    method: 'GET',
    budgets: [{ what: 'queue poll', perMinute: env.RATE_LIMIT_QUEUE_POLLS_PER_MINUTE, key: customer }],
  });
  app.use('/api/shows/:showId/queue/:ticketId', polls);
  app.use('/api/shows/:showId/queue/:ticketId/events', polls);
  app.use(
    '/api/shows/:showId/room',
    limitRequests({
      method: 'GET',
      budgets: [{ what: 'room view', perMinute: env.RATE_LIMIT_ROOM_VIEWS_PER_MINUTE, key: customer }],
    }),
  );
}
