import * as client from 'openid-client';
import type { OidcProviderConfig } from '../../../config/oidc-providers.js';

/** A configured provider and its discovered metadata. */
export interface OidcProvider {
  id: string;
  name: string;
  /** The provider's metadata and this client, read once (a failed read is tried again next time). */
  configuration(): Promise<client.Configuration>;
}

export interface OidcProviders {
  list(): { id: string; name: string }[];
  get(id: string): OidcProvider | null;
}

/**
 * Plain http is refused by openid-client; it is allowed here for a provider on this machine only
 * (a local Keycloak, the tests' provider), where nobody on the network can read or change it.
 */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function createOidcProviders(configs: OidcProviderConfig[]): OidcProviders {
  const providers = new Map<string, OidcProvider>(
    configs.map((config) => {
      let discovered: Promise<client.Configuration> | undefined;
      const issuer = new URL(config.issuer);
      const discover = () =>
        client.discovery(
          issuer,
          config.clientId,
          config.clientSecret,
          config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None(),
          issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {},
        );
      const provider: OidcProvider = {
        id: config.id,
        name: config.name,
        configuration() {
          discovered ??= discover().catch((err: unknown) => {
            discovered = undefined;
            throw err;
          });
          return discovered;
        },
      };
      return [config.id, provider];
    }),
  );
  return {
    list: () => [...providers.values()].map(({ id, name }) => ({ id, name })),
    get: (id) => providers.get(id) ?? null,
  };
}
