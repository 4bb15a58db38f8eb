import { z } from '@hono/zod-openapi';
import { IsoTime } from './common.js';

const PromoCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,32}$/, '3 to 32 letters, digits, _ or -')
  .openapi({ description: 'Stored upper case; customers may type it in any case', example: 'SPRING25' });

const fields = {
  kind: z.enum(['percent', 'fixed']),
  value: z.number().int().min(1).openapi({ description: 'Percent (1-100) for percent; minor units for fixed' }),
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
  maxUses: z.number().int().min(1).nullable().openapi({ description: 'Uses in total; null: unlimited' }),
  maxUsesPerUser: z.number().int().min(1).nullable(),
  description: z.string().max(500),
};

export const CreatePromoRequest = z
  .object({
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
  })
  .openapi('CreatePromoRequest');

export const UpdatePromoRequest = z
  .object({
    code: PromoCode.optional(),
    kind: fields.kind.optional(),
    value: fields.value.optional(),
    currency: fields.currency.optional(),
    scope: fields.scope.optional(),
    eventId: fields.eventId.optional(),
    category: fields.category.optional(),
    validFrom: fields.validFrom.optional(),
    validUntil: fields.validUntil.optional(),
    maxUses: fields.maxUses.optional(),
    maxUsesPerUser: fields.maxUsesPerUser.optional(),
    description: fields.description.optional(),
    active: z.boolean().optional(),
  })
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

export const PromoParams = z.object({
  promoId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
    .openapi({ param: { name: 'promoId', in: 'path' } }),
});

export const PromoRemoved = z
  .object({
    promoId: z.string(),
    outcome: z.enum(['deleted', 'deactivated']).openapi({
      description: 'A code never used is deleted; a used one is deactivated so its history stays',
    }),
  })
  .openapi('PromoRemoved');
