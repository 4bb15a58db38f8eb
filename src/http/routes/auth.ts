import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';
import type { Context } from 'hono';
import { findUserByEmail, findUserById, normalizeEmail } from '../../db/queries/users.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireUser, sessionOf, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import {
  EmailVerified,
  LoginRequest,
  Me,
  PasswordChangeRequest,
  PasswordResetConfirm,
  PasswordResetQueued,
  PasswordResetRequest,
  RefreshRequest,
  RegisterRequest,
  TokenResponse,
  VerificationSent,
  VerifyEmailRequest,
} from '../schemas/auth.js';
import type { IssuedToken } from '../auth/types.js';
import { hasPassword } from '../auth/passwords.js';
import { queuePasswordResetEmail } from '../auth/password-reset-email.js';
import { queueVerificationEmail } from '../auth/verification-email.js';
import { bearer, problems } from '../schemas/common.js';

const register = createRoute({
  method: 'post',
  path: '/api/auth/register',
  tags: ['auth'],
  summary: 'Create an account and sign in',
  request: { body: { required: true, content: { 'application/json': { schema: RegisterRequest } } } },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: TokenResponse } } },
    ...problems(400, 409),
  },
});

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in',
  request: { body: { required: true, content: { 'application/json': { schema: LoginRequest } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: TokenResponse } } },
    ...problems(400, 401),
  },
});

const refresh = createRoute({
  method: 'post',
  path: '/api/auth/refresh',
  tags: ['auth'],
  summary: 'A new token for a refresh token (which is used up: keep the new one)',
  request: { body: { required: true, content: { 'application/json': { schema: RefreshRequest } } } },
  responses: {
    200: { description: 'Refreshed', content: { 'application/json': { schema: TokenResponse } } },
    ...problems(400, 401),
  },
});

const logoutEverywhere = createRoute({
  method: 'post',
  path: '/api/auth/logout-everywhere',
  tags: ['auth'],
  summary: 'Sign out everywhere: every token and refresh token of the account stops working',
  security: bearer,
  middleware: [requireUser()],
  responses: { 204: { description: 'Signed out everywhere' }, ...problems(401) },
});

const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Revoke the token this request carries and the refresh tokens of its sign-in',
  security: bearer,
  middleware: [requireUser()],
  responses: { 204: { description: 'Signed out' }, ...problems(401) },
});

const verifyEmail = createRoute({
  method: 'post',
  path: '/api/auth/verify-email',
  tags: ['auth'],
  summary: 'Confirm an email address with the token from the verification email',
  request: { body: { required: true, content: { 'application/json': { schema: VerifyEmailRequest } } } },
  responses: {
    200: { description: 'Verified', content: { 'application/json': { schema: EmailVerified } } },
    ...problems(400),
  },
});

const resendVerification = createRoute({
  method: 'post',
  path: '/api/me/email/verification',
  tags: ['auth'],
  summary: 'Send the verification email again (to the account address, within the per-address email limit)',
  security: bearer,
  middleware: [requireUser()],
  responses: {
    202: { description: 'Queued', content: { 'application/json': { schema: VerificationSent } } },
    ...problems(401, 409),
  },
});

const requestPasswordReset = createRoute({
  method: 'post',
  path: '/api/auth/password-reset',
  tags: ['auth'],
  summary: 'Email a link to set a new password (or a first one, for an account made by a provider sign-in)',
  description:
    'Always 202, account or not, so the answer tells nobody which addresses have accounts. The link works ' +
    'once, for PASSWORD_RESET_TTL_SECONDS; limited per client address and per email address.',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordResetRequest } } } },
  responses: {
    202: { description: 'Queued if the account exists', content: { 'application/json': { schema: PasswordResetQueued } } },
    ...problems(400, 429),
  },
});

const confirmPasswordReset = createRoute({
  method: 'post',
  path: '/api/auth/password-reset/confirm',
  tags: ['auth'],
  summary: 'Set the password with the token from the reset link, and sign in',
  description:
    'Every sign-in of the account ends (every device); the address counts as verified, since the link was ' +
    'mailed to it. The token is then used up, as is any other open link of the account.',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordResetConfirm } } } },
  responses: {
    200: { description: 'Password set, signed in', content: { 'application/json': { schema: TokenResponse } } },
    ...problems(400, 429),
  },
});

const changePassword = createRoute({
  method: 'post',
  path: '/api/me/password',
  tags: ['auth'],
  summary: 'Change the password (the current one is needed); other sign-ins end, this one goes on with new tokens',
  description:
    'An account without a password (made by signing in with a provider) sets its first one through ' +
    'POST /api/auth/password-reset: 409 no_password here.',
  security: bearer,
  middleware: [requireUser()],
  request: { body: { required: true, content: { 'application/json': { schema: PasswordChangeRequest } } } },
  responses: {
    200: { description: 'Changed; keep the new tokens', content: { 'application/json': { schema: TokenResponse } } },
    ...problems(400, 401, 403, 409, 429),
  },
});

const me = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['auth'],
  summary: 'Who am I',
  security: bearer,
  middleware: [requireUser()],
  responses: {
    200: { description: 'The signed-in user', content: { 'application/json': { schema: Me } } },
    ...problems(401),
  },
});

const issued = (t: IssuedToken) => ({
  userId: t.userId,
  token: t.token,
  expiresAt: t.expiresAt.toISOString(),
  refreshToken: t.refreshToken,
});

export function authRoutes({ auth, db, env }: Pick<AppDeps, 'auth' | 'db' | 'env'>) {
  const siteOrigin = (c: Context<AppEnv>) => env.SITE_URL ?? new URL(c.req.url).origin;
  const sendVerification = (c: Context<AppEnv>, user: { userId: string; email: string }) =>
    queueVerificationEmail({ db, auth }, siteOrigin(c), user);

  return createRouter()
    .openapi(register, async (c) => {
      const input = c.req.valid('json');
      const result = await auth.register(input);
      if (!result.ok) throw new ApiError('email_taken', 409, 'An account with this email already exists');
      await sendVerification(c, { userId: result.userId, email: normalizeEmail(input.email) });
      return c.json(issued(result), 201);
    })
    .openapi(verifyEmail, async (c) => {
      const result = await auth.confirmEmail(c.req.valid('json').token);
      if (!result.ok) {
        throw new ApiError(
          'invalid_token',
          400,
          'The link is invalid or expired, or the account has another address now',
        );
      }
      return c.json({ userId: result.userId, email: result.email, emailVerified: true as const }, 200);
    })
    .openapi(resendVerification, async (c) => {
      const row = await findUserById(db, userOf(c).userId);
      if (!row) throw new ApiError('unauthorized', 401, 'The account no longer exists');
      if (row.emailVerifiedAt) throw new ApiError('email_already_verified', 409, 'This address is already verified');
      await sendVerification(c, { userId: row.id, email: row.email });
      return c.json({ email: row.email }, 202);
    })
    .openapi(login, async (c) => {
      const result = await auth.login(c.req.valid('json'));
      if (!result.ok) throw new ApiError('invalid_credentials', 401, 'Email or password is wrong');
      return c.json(issued(result), 200);
    })
    .openapi(refresh, async (c) => {
      const result = await auth.refresh(c.req.valid('json').refreshToken);
      if (!result.ok)
        throw new ApiError(
          'unauthorized',
          401,
          'The refresh token is invalid, expired, used or revoked: sign in again',
        );
      return c.json(issued(result), 200);
    })
    .openapi(logout, async (c) => {
      await auth.logout(sessionOf(c));
      return c.body(null, 204);
    })
    .openapi(logoutEverywhere, async (c) => {
      await auth.logoutEverywhere(userOf(c).userId);
      return c.body(null, 204);
    })
    .openapi(requestPasswordReset, async (c) => {
      const email = normalizeEmail(c.req.valid('json').email);
      const row = await findUserByEmail(db, email);
      if (row) await queuePasswordResetEmail({ db, auth }, siteOrigin(c), row);
      return c.json({ email }, 202);
    })
    .openapi(confirmPasswordReset, async (c) => {
      const { token, password } = c.req.valid('json');
      const result = await auth.resetPassword(token, password);
      if (!result.ok) {
        throw new ApiError('invalid_token', 400, 'The link is invalid, expired or already used: ask for a new one');
      }
      return c.json(issued(result), 200);
    })
    .openapi(changePassword, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const result = await auth.changePassword({ userId: userOf(c).userId, currentPassword, newPassword });
      if (!result.ok) {
        switch (result.code) {
          case 'not_found':
            throw new ApiError('unauthorized', 401, 'The account no longer exists');
          case 'no_password':
            throw new ApiError(
              'no_password',
              409,
              'This account has no password yet: ask for a link by email (Forgot password) to set one',
            );
          case 'invalid_credentials':
            throw new ApiError('invalid_credentials', 403, 'The current password is wrong');
        }
      }
      return c.json(issued(result), 200);
    })
    .openapi(me, async (c) => {
      const user = userOf(c);
      // The token's claims may be older than the account (a promotion to admin); the row is the truth.
      const row = await findUserById(db, user.userId);
      if (!row) throw new ApiError('unauthorized', 401, 'The account no longer exists');
      return c.json(
        {
          userId: row.id,
          email: row.email,
          name: row.name,
          role: row.role,
          emailVerified: row.emailVerifiedAt !== null,
          hasPassword: hasPassword(row.passwordHash),
        },
        200,
      );
    });
}
