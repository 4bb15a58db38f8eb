import { z } from '@hono/zod-openapi';
import { IsoTime, MAX_AMOUNT, pathId } from './common.js';

/** Limits are stored as 32-bit integers; a billion uses is as good as unlimited. */
const MAX_USES = 1_000_000_000;

const PromoCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,32}$/, '3 to 32 letters, digits, _ or -')
  .openapi({ description: 'Stored upper case; customers may type it in any case', example: 'SPRING25' });

const fields = {
  kind: z.enum(['percent', 'fixed']),
  value: z
    .number()
    .int()
    .min(1)
    .max(MAX_AMOUNT)
    .openapi({ description: 'Percent (1-100) for percent; minor units for fixed' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code, e.g. EUR')
    .nullable()
    .openapi({ description: 'Required for fixed codes: they apply to shows priced in this currency only' }),
  scope: z.enum(['all', 'event', 'category']).openapi({
    description: 'all: any show; event: the shows of eventId; category: only seats of that category',
  }),
  eventId: z.string().min(1).max(100).nullable(),
  category: z.string().min(1).max(64).nullable(),
  validFrom: z.iso.datetime({ offset: true }).nullable(),
  validUntil: z.iso.datetime({ offset: true }).nullable().openapi({ description: 'Exclusive' }),
  maxUses: z.number().int().min(1).max(MAX_USES).nullable().openapi({ description: 'Uses in total; null: unlimited' }),
  maxUsesPerUser: z.number().int().min(1).max(MAX_USES).nullable(),
  description: z.string().max(500),
};

/** What an admin sets on a code: a new code needs code, kind and value; the rest has defaults. */
const settings = z.object({
  code: PromoCode,
  kind: fields.kind,
  value: fields.value,
  currency: fields.currency.optional(),
  scope: fields.scope.optional(),
  eventId: fields.eventId.optional(),
  category: fields.category.optional(),
  validFrom: fields.validFrom.optional(),
  validUntil: fields.validUntil.optional(),
  maxUses: fields.maxUses.optional(),
  maxUsesPerUser: fields.maxUsesPerUser.optional(),
  description: fields.description.optional(),
});

export const CreatePromoRequest = settings.openapi('CreatePromoRequest');

export const UpdatePromoRequest = settings
  .partial()
  .extend({ active: z.boolean().optional() })
  .openapi('UpdatePromoRequest');

export const PromoView = z
  .object({
    promoId: z.string(),
    code: z.string(),
    description: z.string(),
    kind: fields.kind,
    value: z.number().int(),
    currency: z.string().nullable(),
    scope: fields.scope,
    eventId: z.string().nullable(),
    category: z.string().nullable(),
    validFrom: IsoTime.nullable(),
    validUntil: IsoTime.nullable(),
    maxUses: z.number().int().nullable(),
    maxUsesPerUser: z.number().int().nullable(),
    active: z.boolean(),
    used: z.number().int().openapi({ description: 'Uses that count: payments pending or that became bookings' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('Promo');

export const PromoList = z.object({ items: z.array(PromoView) }).openapi('PromoList');

export const PromoParams = z.object({ promoId: pathId('promoId', '5d0c9a1e-7f3b-4c2a-9e8d-1a2b3c4d5e6f') });

export const PromoRemoved = z
  .object({
    promoId: z.string(),
    outcome: z.enum(['deleted', 'deactivated']).openapi({
      description: 'A code never used is deleted; a used one is deactivated so its history stays',
    }),
  })
  .openapi('PromoRemoved');
