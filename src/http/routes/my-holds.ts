import { createRoute } from '@hono/zod-openapi';
import type { Clock } from '../../actors/runtime/types.js';
import { waitlistPosition } from '../../db/queries/bookings.js';
import { listLiveHolds, listOpenWaitlistEntries } from '../../db/queries/my-holds.js';
import type { AppDeps } from '../app-env.js';
import { requireUser, userOf } from '../middleware/auth.js';
import { localReadModelsCaughtUp } from '../read-models.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import { MyHolds, MyWaitlist } from '../schemas/my-holds.js';

const authed = requireUser();

const myHolds = createRoute({
  method: 'get',
  path: '/api/me/holds',
  tags: ['holds'],
  summary: 'Your live holds and waitlist offers across shows, soonest deadline first',
  description:
    'Whatever device or client made them. Each names its show, its deadline and the page to pay or accept on. ' +
    'A hold placed on another node of a cluster appears once that node has recorded it (within ' +
    'PROJECTION_PACE_MS, 250 ms by default).',
  security: bearer,
  middleware: [authed],
  responses: {
    200: { description: 'Holds and offers', content: { 'application/json': { schema: MyHolds } } },
    ...problems(401),
  },
});

const myWaitlist = createRoute({
  method: 'get',
  path: '/api/me/waitlist',
  tags: ['waitlist'],
  summary: 'Your places on waitlists across shows (waiting or offered seats), oldest first',
  security: bearer,
  middleware: [authed],
  responses: {
    200: { description: 'Waiting places', content: { 'application/json': { schema: MyWaitlist } } },
    ...problems(401),
  },
});

const showPage = (showId: string) => `/shows/${encodeURIComponent(showId)}`;

/** A customer's own holds, offers and waiting places, read from the holds and waitlist read models. */
export function myHoldRoutes({ db, runtime, clock }: Pick<AppDeps, 'db' | 'runtime'> & { clock: Clock }) {
  return createRouter()
    .openapi(myHolds, async (c) => {
      await localReadModelsCaughtUp(runtime);
      const rows = await listLiveHolds(db, userOf(c).userId, new Date(clock.now()));
      const items = rows.map((row) => ({
        holdId: row.id,
        showId: row.showId,
        title: row.title,
        startsAt: row.startsAt.toISOString(),
        path: showPage(row.showId),
        status: row.status === 'paying' ? ('paying' as const) : row.entryId ? ('offered' as const) : ('held' as const),
        seats: row.seats,
        quantity: row.quantity,
        ...(row.gaSection ? { section: row.gaSection } : {}),
        expiresAt: row.expiresAt.toISOString(),
        total: { amount: row.total, currency: row.currency },
        ...(row.entryId ? { entryId: row.entryId } : {}),
        holdPath: `/api/shows/${encodeURIComponent(row.showId)}/holds/${encodeURIComponent(row.id)}`,
      }));
      return c.json({ items }, 200);
    })
    .openapi(myWaitlist, async (c) => {
      await localReadModelsCaughtUp(runtime);
      const rows = await listOpenWaitlistEntries(db, userOf(c).userId);
      const items = await Promise.all(
        rows.map(async (row) => ({
          entryId: row.id,
          showId: row.showId,
          title: row.title,
          startsAt: row.startsAt.toISOString(),
          path: showPage(row.showId),
          status: row.status === 'offered' ? ('offered' as const) : ('waiting' as const),
          position: row.status === 'waiting' ? await waitlistPosition(db, row) : null,
          quantity: row.quantity,
          ...(row.category ? { category: row.category } : {}),
          ...(row.section ? { section: row.section } : {}),
          expiresAt: row.expiresAt.toISOString(),
          ...(row.offer
            ? {
                offer: {
                  holdId: row.offer.id,
                  seats: row.offer.seats,
                  expiresAt: row.offer.expiresAt.toISOString(),
                  total: { amount: row.offer.total, currency: row.offer.currency },
                },
              }
            : {}),
        })),
      );
      return c.json({ items }, 200);
    });
}
