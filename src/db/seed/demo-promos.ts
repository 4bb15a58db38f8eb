import type { Executor } from '../client.js';
import { promoCodes } from '../schema/index.js';

/** Promo codes of the demo catalog, for the web site, the terminal client and the README. */
export const demoPromos = [
  {
    id: 'promo-welcome10',
    code: 'WELCOME10',
    description: '10% off any show, once per customer',
    kind: 'percent' as const,
    value: 10,
    scope: 'all' as const,
    maxUsesPerUser: 1,
  },
  {
    id: 'promo-classic5',
    code: 'CLASSIC5',
    description: 'EUR 5 off a Classic Night booking (concert_2025), first 100 bookings',
    kind: 'fixed' as const,
    value: 500,
    currency: 'EUR',
    scope: 'event' as const,
    eventId: 'classic-night',
    maxUses: 100,
  },
  {
    id: 'promo-premium20',
    code: 'PREMIUM20',
    description: '20% off premium seats, first 50 uses',
    kind: 'percent' as const,
    value: 20,
    scope: 'category' as const,
    category: 'premium',
    maxUses: 50,
  },
];

export async function seedDemoPromos(tx: Executor): Promise<void> {
  await tx.insert(promoCodes).values(demoPromos).onConflictDoNothing();
}
