import { z } from 'zod';

/** One OpenID Connect provider customers may sign in with. */
export const oidcProviderSchema = z.object({
  /** In the sign-in URLs (/api/auth/oidc/<id>/...) and stored with every linked identity: do not rename. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes, at most 32'),
  /** What the site's button says: "Sign in with <name>". */
  name: z.string().min(1).max(40),
  /** The provider's issuer URL; its /.well-known/openid-configuration is read at the first sign-in. */
  issuer: z.string().url(),
  clientId: z.string().min(1),
  /** Unset: a public client, which PKCE alone protects (token_endpoint_auth_method none). */
  clientSecret: z.string().min(1).optional(),
});

export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;

/** OIDC_PROVIDERS: a JSON array of providers, ids unique. */
export const oidcProvidersSetting = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(oidcProviderSchema)
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'provider ids must be unique'),
  );
