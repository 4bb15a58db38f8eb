import { randomUUID } from 'node:crypto';
import { createRoute, type z } from '@hono/zod-openapi';
import { promoSettingsProblems, type PromoSettings } from '../../commerce/promo-input.js';
import { normalizeCode } from '../../commerce/promo-rules.js';
import {
  getPromo,
  insertPromo,
  listPromos,
  liveEventExists,
  promoWithUses,
  removePromo,
  updatePromo,
  type PromoWithUses,
} from '../../commerce/promo-store.js';
import type { Executor } from '../../db/client.js';
import { recordAdminAction } from '../../db/queries/audit.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, json, problems } from '../schemas/common.js';
import {
  CreatePromoRequest,
  PromoList,
  PromoParams,
  PromoRemoved,
  PromoView,
  UpdatePromoRequest,
} from '../schemas/promos.js';

const adminOnly = requireAdmin();

const createPromoRoute = createRoute({
  method: 'post',
  path: '/api/admin/promos',
  tags: ['admin', 'promos'],
  summary: 'Create a promo code (percent or fixed; scope all, one event or one category; limits; validity window)',
  security: bearer,
  middleware: [adminOnly],
  request: { body: { required: true, ...json(CreatePromoRequest) } },
  responses: {
    201: { description: 'Created', ...json(PromoView) },
    ...problems(400, 401, 403, 409, 422),
  },
});

const listPromosRoute = createRoute({
  method: 'get',
  path: '/api/admin/promos',
  tags: ['admin', 'promos'],
  summary: 'Every promo code with how often it has been used',
  security: bearer,
  middleware: [adminOnly],
  responses: { 200: { description: 'Codes', ...json(PromoList) }, ...problems(401, 403) },
});

const getPromoRoute = createRoute({
  method: 'get',
  path: '/api/admin/promos/{promoId}',
  tags: ['admin', 'promos'],
  summary: 'One promo code',
  security: bearer,
  middleware: [adminOnly],
  request: { params: PromoParams },
  responses: { 200: { description: 'The code', ...json(PromoView) }, ...problems(400, 401, 403, 404) },
});

const updatePromoRoute = createRoute({
  method: 'patch',
  path: '/api/admin/promos/{promoId}',
  tags: ['admin', 'promos'],
  summary: 'Change a promo code (uses already made stand; limits apply to new ones)',
  security: bearer,
  middleware: [adminOnly],
  request: { params: PromoParams, body: { required: true, ...json(UpdatePromoRequest) } },
  responses: { 200: { description: 'Changed', ...json(PromoView) }, ...problems(400, 401, 403, 404, 409, 422) },
});

const deletePromoRoute = createRoute({
  method: 'delete',
  path: '/api/admin/promos/{promoId}',
  tags: ['admin', 'promos'],
  summary: 'Remove a promo code: deleted if never used, otherwise deactivated',
  security: bearer,
  middleware: [adminOnly],
  request: { params: PromoParams },
  responses: { 200: { description: 'Removed', ...json(PromoRemoved) }, ...problems(400, 401, 403, 404) },
});

type CreateBody = z.infer<typeof CreatePromoRequest>;
type UpdateBody = z.infer<typeof UpdatePromoRequest>;

/** What a new code has unless the request says otherwise. */
const promoDefaults = {
  currency: null,
  scope: 'all',
  eventId: null,
  category: null,
  validFrom: null,
  validUntil: null,
  maxUses: null,
  maxUsesPerUser: null,
  description: '',
} as const;

const toDate = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : new Date(s));

/** The fields a request gives, as stored (code upper case, times as dates); the others stay out. */
function columnsOf(body: UpdateBody) {
  const { code, validFrom, validUntil, ...same } = body;
  const columns = {
    ...same,
    code: code === undefined ? undefined : normalizeCode(code),
    validFrom: toDate(validFrom),
    validUntil: toDate(validUntil),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined)) as Partial<typeof columns>;
}

/**
 * Refuses settings that do not hold together. The event of an event-scoped code must exist when the
 * admin names it; an edit that leaves it alone may still pause or change a code whose event was removed since.
 */
async function checkSettings(db: Executor, settings: PromoSettings, eventNamed: boolean): Promise<void> {
  const errors = promoSettingsProblems(settings);
  const { scope, eventId } = settings;
  if (eventNamed && scope === 'event' && eventId !== null && !(await liveEventExists(db, eventId))) {
    errors.push({ path: 'eventId', message: `no event ${eventId}` });
  }
  if (errors.length > 0) {
    throw new ApiError('validation_failed', 422, errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
}

function codeTaken(code: string): ApiError {
  return new ApiError('promo_code_taken', 409, `A promo code ${code} already exists`);
}

export function promoRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter()
    .openapi(createPromoRoute, async (c) => {
      const body: CreateBody = c.req.valid('json');
      const { description, ...settings } = {
        ...promoDefaults,
        ...columnsOf(body),
        code: normalizeCode(body.code),
        kind: body.kind,
        value: body.value,
      };
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await checkSettings(tx, settings, true);
        if (!(await insertPromo(tx, { id, ...settings, description }))) throw codeTaken(settings.code);
        await recordAdminAction(tx, {
          adminUserId: userOf(c).userId,
          action: 'promo.create',
          targetType: 'promo',
          targetId: id,
          details: { code: settings.code, kind: settings.kind, value: settings.value, scope: settings.scope },
        });
      });
      return c.json(promoView(await mustFind(db, id)), 201);
    })
    .openapi(listPromosRoute, async (c) => c.json({ items: (await listPromos(db)).map(promoView) }, 200))
    .openapi(getPromoRoute, async (c) => c.json(promoView(await mustFind(db, c.req.valid('param').promoId)), 200))
    .openapi(updatePromoRoute, async (c) => {
      const { promoId } = c.req.valid('param');
      const body: UpdateBody = c.req.valid('json');
      const patch = columnsOf(body);
      // The merged settings are checked against the row as it is locked, so two edits at once
      // cannot each pass alone and together leave a code that does not hold together.
      await db.transaction(async (tx) => {
        const current = await getPromo(tx, promoId, { lock: true });
        if (!current) throw noPromo(promoId);
        await checkSettings(tx, { ...current, ...patch }, patch.eventId !== undefined || patch.scope !== undefined);
        try {
          await updatePromo(tx, promoId, patch);
        } catch (err) {
          if (isUniqueViolation(err)) throw codeTaken(patch.code ?? current.code);
          throw err;
        }
        await recordAdminAction(tx, {
          adminUserId: userOf(c).userId,
          action: 'promo.update',
          targetType: 'promo',
          targetId: promoId,
          details: { code: patch.code ?? current.code, changes: body },
        });
      });
      return c.json(promoView(await mustFind(db, promoId)), 200);
    })
    .openapi(deletePromoRoute, async (c) => {
      const { promoId } = c.req.valid('param');
      const outcome = await db.transaction(async (tx) => {
        const current = await getPromo(tx, promoId, { lock: true });
        if (!current) throw noPromo(promoId);
        const removed = await removePromo(tx, promoId);
        await recordAdminAction(tx, {
          adminUserId: userOf(c).userId,
          action: removed === 'deleted' ? 'promo.delete' : 'promo.deactivate',
          targetType: 'promo',
          targetId: promoId,
          details: { code: current.code },
        });
        return removed;
      });
      return c.json({ promoId, outcome }, 200);
    });
}

async function mustFind(db: Executor, promoId: string): Promise<PromoWithUses> {
  const promo = await promoWithUses(db, promoId);
  if (!promo) throw noPromo(promoId);
  return promo;
}

function noPromo(promoId: string): ApiError {
  return new ApiError('not_found', 404, `No promo code ${promoId}`);
}

function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  return (err as { code?: string } | null)?.code === '23505' || cause?.code === '23505';
}

function promoView(p: PromoWithUses) {
  return {
    promoId: p.id,
    code: p.code,
    description: p.description,
    kind: p.kind,
    value: p.value,
    currency: p.currency,
    scope: p.scope,
    eventId: p.eventId,
    category: p.category,
    validFrom: p.validFrom?.toISOString() ?? null,
    validUntil: p.validUntil?.toISOString() ?? null,
    maxUses: p.maxUses,
    maxUsesPerUser: p.maxUsesPerUser,
    active: p.active,
    used: p.used,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
