import { createRoute, z } from '@hono/zod-openapi';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { erasePersonalData, exportPersonalData } from '../../db/queries/personal-data.js';
import { findUserById } from '../../db/queries/users.js';
import type { AppDeps } from '../app-env.js';
import { createPasswordHasher, hasPassword } from '../auth/passwords.js';
import { sessionStartedAt } from '../../db/queries/sessions.js';
import { ApiError } from '../errors.js';
import { requireUser, sessionOf, userOf } from '../middleware/auth.js';
import { localReadModelsCaughtUp } from '../read-models.js';
import { createRouter } from '../router.js';
import { bearer, json, problems } from '../schemas/common.js';
import { AccountErased, PersonalDataExport } from '../schemas/personal-data.js';

const tags = ['account'];

const exportRoute = createRoute({
  method: 'get',
  path: '/api/me/export',
  tags,
  summary:
    'Everything held about you as one JSON document: account, bookings and tickets, payments (no card data), holds, waiting places, points, notifications, reviews, support questions, API keys',
  security: bearer,
  middleware: [requireUser()],
  responses: {
    200: { description: 'Your data', ...json(PersonalDataExport) },
    ...problems(401),
  },
});

const EraseRequest = z
  .object({
    password: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .openapi({
        description:
          'Your current password, to confirm. An account without one (made by signing in with another account) ' +
          'confirms by a sign-in at its provider within the last ten minutes instead',
      }),
  })
  .openapi('EraseAccountRequest');

const eraseRoute = createRoute({
  method: 'delete',
  path: '/api/me',
  tags,
  summary:
    'Erase your account. Bookings and payments stay for accounting under a pseudonym, reviews become anonymous, the rest is deleted and every session ends. ' +
    'Refused (409 upcoming_bookings) while you have bookings for shows still to come, live holds or waiting places: cancel them (per the show’s policy) or wait until they have taken place',
  security: bearer,
  middleware: [requireUser()],
  request: { body: { required: true, ...json(EraseRequest) } },
  responses: {
    200: { description: 'Erased', ...json(AccountErased) },
    ...problems(400, 401, 403, 409),
  },
});

/** Wrong passwords per account before erasure is refused for a while: a stolen token must not be a password oracle. */
const WRONG_PASSWORDS = 5;
const WRONG_PASSWORD_WINDOW_SECONDS = 15 * 60;
/** How fresh a sign-in must be to erase an account that has no password. */
const RECENT_SIGN_IN_SECONDS = 10 * 60;

/** The caller's own data: a copy of all of it, and erasure. */
export function personalDataRoutes({ db, auth, runtime }: Pick<AppDeps, 'db' | 'auth' | 'runtime'>) {
  // Only checks passwords, so the cost setting (which applies to hashing) does not matter here.
  const passwords = createPasswordHasher();
  const wrongPasswords = new RateLimiterMemory({
    keyPrefix: 'erase-wrong-password',
    points: WRONG_PASSWORDS,
    duration: WRONG_PASSWORD_WINDOW_SECONDS,
  });
  /**
   * An account without a password proves its owner by a fresh sign-in at its provider: the calling
   * session must have begun (its first refresh token) within RECENT_SIGN_IN_SECONDS.
   */
  async function requireRecentSignIn(sessionId: string | null): Promise<void> {
    const startedAt = sessionId ? await sessionStartedAt(db, sessionId) : null;
    if (!startedAt || Date.now() - startedAt.getTime() > RECENT_SIGN_IN_SECONDS * 1000) {
      throw new ApiError(
        'reauthentication_required',
        403,
        'This account signs in with another account: sign in with it again, then delete within ten minutes',
      );
    }
  }

  return createRouter()
    .openapi(exportRoute, async (c) => {
      await localReadModelsCaughtUp(runtime);
      const data = await exportPersonalData(db, userOf(c).userId, new Date());
      if (!data) throw new ApiError('unauthorized', 401, 'This account no longer exists');
      c.header('content-disposition', 'attachment; filename="showtime-my-data.json"');
      c.header('cache-control', 'no-store');
      return c.json(data, 200);
    })
    .openapi(eraseRoute, async (c) => {
      const user = userOf(c);
      // The configured admin would be made again at the next start; another admin demotes one first.
      if (user.role === 'admin') {
        throw new ApiError(
          'admin_account',
          409,
          'An admin account cannot be erased: have it demoted to customer first',
        );
      }
      const { password } = c.req.valid('json');
      const account = await findUserById(db, user.userId);
      const withPassword = !account || hasPassword(account.passwordHash);
      // Optional in the schema only for accounts without one: an account with a password must send it.
      if (withPassword && password === undefined) {
        throw new ApiError('validation_failed', 400, 'password: Required', {
          errors: [{ path: 'password', message: 'Required' }],
        });
      }
      const blocked = await wrongPasswords.get(user.userId);
      if (blocked && blocked.remainingPoints <= 0) throw tooManyWrongPasswords(blocked);
      if (!withPassword) {
        await requireRecentSignIn(sessionOf(c).sessionId);
      } else if (!account || !(await passwords.verify(account.passwordHash, password ?? ''))) {
        await wrongPasswords.consume(user.userId).catch((res: unknown) => {
          if (res instanceof RateLimiterRes) throw tooManyWrongPasswords(res);
          throw res;
        });
        throw new ApiError('invalid_credentials', 403, 'The password is wrong');
      }
      // A hold placed a moment ago must refuse the erasure like any other: its row may still be pacing.
      await localReadModelsCaughtUp(runtime);
      const result = await erasePersonalData(db, user.userId, new Date());
      if (!result.erased) {
        if (result.code === 'not_found') throw new ApiError('unauthorized', 401, 'This account no longer exists');
        const { upcomingBookings, liveHolds, waitlistEntries } = result.commitments;
        throw new ApiError(
          'upcoming_bookings',
          409,
          'Your account can be erased once nothing is open: cancel your upcoming bookings (the show’s cancellation policy applies) ' +
            'or wait until they have taken place, and let holds end and leave waiting lists. Nothing was changed.',
          { upcomingBookings, liveHolds, waitlistEntries },
        );
      }
      // The token version moved on with the erasure; this node stops trusting its cached one now
      // (other nodes within AUTH_CACHE_SECONDS), and this very token is revoked outright.
      auth.forget(user.userId);
      await auth.logout(sessionOf(c));
      return c.json({ erased: true as const, userId: user.userId }, 200);
    });
}

function tooManyWrongPasswords(res: RateLimiterRes): ApiError {
  return new ApiError('rate_limited', 429, 'Too many wrong passwords: try again later', {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))) },
  });
}
