import { createRoute, type z } from '@hono/zod-openapi';
import type { ShowSettingsChange } from '../../actors/show/types.js';
import { recordAdminAction } from '../../db/queries/audit.js';
import { updateShowCatalog, type ShowCatalogPatch } from '../../db/queries/catalog-admin.js';
import { getShowDetails, type ShowDetails } from '../../db/queries/catalog.js';
import { normalizePolicy, policyProblem } from '../../policies/cancellation.js';
import type { AppDeps } from '../app-env.js';
import { ApiError, type FieldError } from '../errors.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { AdminShow, ShowCancelReport, UpdateShowRequest } from '../schemas/admin-edits.js';
import { bearer, json, problems, ShowIdParam } from '../schemas/common.js';
import { cancelShowWithRefunds, removeOrCancelShow, type ShowOpsDeps } from './admin-show-ops.js';
import { sendUpdateShow, type UpdateShowReply } from '../command-replies.js';

type Deps = ShowOpsDeps & Pick<AppDeps, 'env'>;
type UpdateShow = z.infer<typeof UpdateShowRequest>;

const adminOnly = requireAdmin();

const updateShowRoute = createRoute({
  method: 'patch',
  path: '/api/admin/shows/{showId}',
  tags: ['admin'],
  summary:
    'Change a show: prices of its categories, sales window and hold lifetime go through its actor (holds already placed keep theirs); times, fee and cancellation policy are catalog fields. Ticket holders are notified of a new time.',
  security: bearer,
  middleware: [adminOnly],
  request: {
    params: ShowIdParam,
    body: { required: true, ...json(UpdateShowRequest) },
  },
  responses: {
    200: { description: 'The show as it now is', ...json(AdminShow) },
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
});

const cancelShowRoute = createRoute({
  method: 'post',
  path: '/api/admin/shows/{showId}/cancel',
  tags: ['admin'],
  summary: 'Cancel a show and refund every booking in full (a repeat answers the same, refunding nothing twice)',
  security: bearer,
  middleware: [adminOnly],
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'Cancelled', ...json(ShowCancelReport) },
    ...problems(401, 403, 404, 409, 503),
  },
});

const deleteShowRoute = createRoute({
  method: 'delete',
  path: '/api/admin/shows/{showId}',
  tags: ['admin'],
  summary:
    'Remove a show: with no bookings and no holds it stops selling and leaves the catalog (204); otherwise it is cancelled with refunds instead (200)',
  security: bearer,
  middleware: [adminOnly],
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'It had customers: cancelled', ...json(ShowCancelReport) },
    204: { description: 'Removed' },
    ...problems(401, 403, 404, 409, 503),
  },
});

async function liveShow(deps: Deps, showId: string): Promise<ShowDetails> {
  const details = await getShowDetails(deps.db, showId);
  if (!details) throw new ApiError('not_found', 404, `Show ${showId} not found`);
  return details;
}

function refuseEnded(details: ShowDetails, now: Date): void {
  if (details.show.endsAt <= now) throw new ApiError('show_ended', 409, 'The show is over');
}

/** Checks what the schema cannot: the show's categories and currency, and times against the stored ones. */
function checkAgainstShow(details: ShowDetails, body: UpdateShow): void {
  const { show } = details;
  const errors: FieldError[] = [];
  const categories = new Set(show.prices.map((p) => p.category));
  for (const [category, money] of Object.entries(body.prices ?? {})) {
    if (!categories.has(category))
      errors.push({ path: `prices.${category}`, message: 'the show has no such category; categories cannot be added' });
    else if (money.currency !== show.currency)
      errors.push({ path: `prices.${category}.currency`, message: `must be ${show.currency}, the show's currency` });
  }
  if (body.feePerTicket && body.feePerTicket.currency !== show.currency)
    errors.push({ path: 'feePerTicket.currency', message: `must be ${show.currency}, the show's currency` });
  const startsAt = body.startsAt ?? show.startsAt;
  const endsAt = body.endsAt ?? show.endsAt;
  if (endsAt <= startsAt)
    errors.push({ path: body.endsAt ? 'endsAt' : 'startsAt', message: 'endsAt must be after startsAt' });
  const openAt = body.salesOpenAt === undefined ? show.salesOpenAt : body.salesOpenAt;
  const closeAt = body.salesCloseAt === undefined ? show.salesCloseAt : body.salesCloseAt;
  if (openAt && closeAt && closeAt <= openAt)
    errors.push({ path: 'salesCloseAt', message: 'salesCloseAt must be after salesOpenAt' });
  const policyIssue = body.cancellationPolicy ? policyProblem(body.cancellationPolicy) : null;
  if (policyIssue) errors.push({ path: 'cancellationPolicy', message: policyIssue });
  if (errors.length > 0) {
    throw new ApiError('validation_failed', 422, errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
}

/** The part of a change the show's actor decides, or null when the change is catalog-only. */
function actorChange(details: ShowDetails, body: UpdateShow): ShowSettingsChange | null {
  const { show } = details;
  const change: ShowSettingsChange = {};
  if (body.prices) change.prices = Object.entries(body.prices).map(([category, m]) => ({ category, price: m.amount }));
  if (body.salesOpenAt !== undefined) change.salesOpenAt = body.salesOpenAt?.getTime() ?? null;
  if (body.salesCloseAt !== undefined) change.salesCloseAt = body.salesCloseAt?.getTime() ?? null;
  // Sales that were set to close when the show starts keep doing so when it moves.
  else if (body.startsAt && show.salesCloseAt?.getTime() === show.startsAt.getTime())
    change.salesCloseAt = body.startsAt.getTime();
  if (body.holdTtlSeconds !== undefined) change.holdTtlMs = body.holdTtlSeconds * 1000;
  return Object.keys(change).length > 0 ? change : null;
}

function updateAnswer(reply: UpdateShowReply): void {
  if (reply.type === 'updated') return;
  switch (reply.code) {
    case 'show_cancelled':
      throw new ApiError('show_cancelled', 409, 'The show is cancelled');
    case 'sales_already_open':
      throw new ApiError('sales_already_open', 409, reply.detail);
    case 'unknown_category':
    case 'validation_failed':
      throw new ApiError('validation_failed', 422, reply.detail);
  }
}

function adminShowView(details: ShowDetails, state: string, defaultHoldTtlSeconds: number) {
  const { show } = details;
  const money = (amount: number) => ({ amount, currency: show.currency });
  return {
    showId: show.id,
    eventId: show.eventId,
    hallId: show.hallId,
    state,
    startsAt: show.startsAt.toISOString(),
    endsAt: show.endsAt.toISOString(),
    prices: show.prices.map((p) => ({ category: p.category, price: money(p.price) })),
    salesOpenAt: show.salesOpenAt?.toISOString() ?? null,
    salesCloseAt: show.salesCloseAt?.toISOString() ?? null,
    holdTtlSeconds: show.holdTtlSeconds ?? defaultHoldTtlSeconds,
    feePerTicket: money(show.feePerTicket),
    cancellationPolicy: show.cancellationPolicy,
  };
}

/** JSON-safe copy of a change for the audit log. */
function auditable(body: UpdateShow): Record<string, unknown> {
  return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
}

export function adminShowRoutes(deps: Deps) {
  return createRouter()
    .openapi(updateShowRoute, async (c) => {
      const { showId } = c.req.valid('param');
      const body = c.req.valid('json');
      const now = new Date();
      const details = await liveShow(deps, showId);
      refuseEnded(details, now);
      if ((await deps.runtime.summary(showId)).state === 'cancelled')
        throw new ApiError('show_cancelled', 409, 'The show is cancelled');
      checkAgainstShow(details, body);

      const change = actorChange(details, body);
      if (change) {
        updateAnswer(await sendUpdateShow(deps.runtime, showId, { type: 'UPDATE_SHOW', ...change }));
      }
      const catalog: ShowCatalogPatch = {
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        feePerTicket: body.feePerTicket?.amount,
        cancellationPolicy: body.cancellationPolicy ? normalizePolicy(body.cancellationPolicy) : undefined,
      };
      const notified = await deps.db.transaction(async (tx) => {
        const done = Object.values(catalog).some((v) => v !== undefined)
          ? await updateShowCatalog(tx, details.show, catalog, now)
          : { notified: 0 };
        await recordAdminAction(tx, {
          adminUserId: userOf(c).userId,
          action: 'show.update',
          targetType: 'show',
          targetId: showId,
          details: { changes: auditable(body), notified: done.notified },
        });
        return done.notified;
      });

      const after = await liveShow(deps, showId);
      const state = (await deps.runtime.summary(showId)).state;
      return c.json({ ...adminShowView(after, state, deps.env.HOLD_TTL_SECONDS), notified }, 200);
    })
    .openapi(cancelShowRoute, async (c) => {
      const { showId } = c.req.valid('param');
      refuseEnded(await liveShow(deps, showId), new Date());
      const { report, firstTime } = await cancelShowWithRefunds(deps, showId);
      if (firstTime) {
        await recordAdminAction(deps.db, {
          adminUserId: userOf(c).userId,
          action: 'show.cancel',
          targetType: 'show',
          targetId: showId,
          details: { bookingsCancelled: report.bookingsCancelled, refunds: report.refunds },
        });
      }
      return c.json(report, 200);
    })
    .openapi(deleteShowRoute, async (c) => {
      const { showId } = c.req.valid('param');
      refuseEnded(await liveShow(deps, showId), new Date());
      const removal = await removeOrCancelShow(deps, showId, userOf(c).userId);
      if (removal.removed) return c.body(null, 204);
      return c.json(removal.report, 200);
    });
}
