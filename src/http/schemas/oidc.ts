import { z } from '@hono/zod-openapi';

export const OidcProviderList = z
  .object({
    providers: z.array(
      z.object({
        id: z.string().openapi({ example: 'google', description: 'In /api/auth/oidc/{provider}/start' }),
        name: z.string().openapi({ example: 'Google', description: 'Shown as "Sign in with <name>"' }),
      }),
    ),
  })
  .openapi('OidcProviderList');

export const OidcProviderParam = z.object({
  provider: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: 'provider', in: 'path' }, example: 'google' }),
});

export const OidcStartQuery = z.object({
  next: z
    .string()
    .max(2000)
    .optional()
    .openapi({
      param: { name: 'next', in: 'query' },
      description: 'A path on this site to return to after signing in (anything else becomes /)',
      example: '/my-bookings',
    }),
});

export const OidcCallbackQuery = z.object({
  code: z
    .string()
    .max(4000)
    .optional()
    .openapi({ param: { name: 'code', in: 'query' } }),
  state: z
    .string()
    .max(1000)
    .optional()
    .openapi({ param: { name: 'state', in: 'query' } }),
  error: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'error', in: 'query' } }),
});

export const OidcCompleteRequest = z
  .object({
    code: z
      .string()
      .min(16)
      .max(200)
      .openapi({ description: 'The one-time code the callback put in the page address (#code=...)' }),
    password: z.string().min(1).max(256).optional().openapi({
      description:
        "The existing account's password, when the answer without it was 409 password_required (linking the provider's identity to it)",
    }),
  })
  .openapi('OidcCompleteRequest');
