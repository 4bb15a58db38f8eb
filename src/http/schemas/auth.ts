import { z } from '@hono/zod-openapi';

const Email = z.string().trim().max(254).email().openapi({ example: 'ann@example.com' });

/** A password being set (registration, reset, change): one rule everywhere. */
const NewPassword = z
  .string()
  .max(256)
  .refine((p) => p.trim().length >= 8, 'at least 8 characters, not counting spaces at either end');

export const RegisterRequest = z
  .object({
    email: Email,
    password: NewPassword,
    name: z.string().trim().min(1).max(100).openapi({ example: 'Ann Example' }),
  })
  .openapi('RegisterRequest');

export const LoginRequest = z.object({ email: Email, password: z.string().min(1).max(256) }).openapi('LoginRequest');

export const TokenResponse = z
  .object({
    userId: z.string(),
    token: z
      .string()
      .openapi({ description: 'Send as Authorization: Bearer <token>; short-lived (TOKEN_TTL_SECONDS)' }),
    expiresAt: z.string().openapi({ description: 'When `token` stops working (ISO 8601 UTC)' }),
    refreshToken: z.string().openapi({
      description: 'Exchange at POST /api/auth/refresh for a new token; single use (each refresh returns a new one)',
    }),
  })
  .openapi('TokenResponse');

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) }).openapi('RefreshRequest');

export const Me = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['customer', 'admin']),
    emailVerified: z.boolean().openapi({
      description: 'Until the address is confirmed (the link in the verification email), no other email is sent to it',
    }),
    hasPassword: z.boolean().openapi({
      description:
        'false for an account made by signing in with another account (OpenID Connect): it signs in through its provider',
    }),
  })
  .openapi('Me');

export const VerifyEmailRequest = z
  .object({ token: z.string().min(1).max(2000).openapi({ description: 'From the link in the verification email' }) })
  .openapi('VerifyEmailRequest');

export const EmailVerified = z
  .object({ userId: z.string(), email: z.string(), emailVerified: z.literal(true) })
  .openapi('EmailVerified');

export const VerificationSent = z
  .object({ email: z.string().openapi({ description: 'Where the link was sent' }) })
  .openapi('VerificationSent');

export const PasswordResetRequest = z.object({ email: Email }).openapi('PasswordResetRequest');

export const PasswordResetQueued = z
  .object({
    email: z.string().openapi({
      description:
        'The address asked about. The answer is the same whether or not an account has it: if one does, a link is on its way',
    }),
  })
  .openapi('PasswordResetQueued');

export const PasswordResetConfirm = z
  .object({
    token: z.string().min(1).max(200).openapi({ description: 'From the link in the password reset email' }),
    password: NewPassword,
  })
  .openapi('PasswordResetConfirm');

export const PasswordChangeRequest = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword })
  .openapi('PasswordChangeRequest');
